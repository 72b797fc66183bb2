"""`gradebox doctor` and the probe (`gradebox-run --probe`) on hosts that refuse system calls, as a
container runtime's default seccomp profile or an older kernel does (simulated with deny-syscalls):
the level reported is the one a trial session ran at, each layer says used / available / not and
its fix, and a session at the reported level really runs (the doctor's own `sandboxed session`
row, which runs a cell through the worker, and `gradebox-run` at exactly that level).

Environment: GRADEBOX, GRADEBOX_RUN, DENY_SYSCALLS.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

GRADEBOX = os.environ.get("GRADEBOX", "")
RUN = os.environ.get("GRADEBOX_RUN", "")
DENY = os.environ.get("DENY_SYSCALLS", "")
if not all(os.access(p, os.X_OK) for p in (GRADEBOX, RUN, DENY)):
    print("skipped: GRADEBOX, GRADEBOX_RUN and DENY_SYSCALLS must name the built executables")
    sys.exit(77)

LAYERS = {"user namespace", "pid namespace", "net namespace", "ipc namespace", "uts namespace",
          "mount namespace", "cgroup memory", "cgroup pids", "landlock", "seccomp", "rlimits",
          "private /dev/shm"}


def denied(spec):
    return [DENY, spec, "--"] if spec else []


class Host:
    """One doctor report and one probe under a denial (spec "" = none)."""

    def __init__(self, spec):
        self.spec = spec
        with tempfile.TemporaryDirectory(prefix="gradebox-doctor-denied-") as empty:
            done = subprocess.run([*denied(spec), GRADEBOX, "doctor", "--json"], cwd=empty,
                                  capture_output=True, text=True, timeout=300)
        self.doctor_status = done.returncode
        self.doctor = json.loads(done.stdout)
        self.rows = {row["name"]: row for row in self.doctor["checks"]}
        done = subprocess.run([*denied(spec), RUN, "--probe", "--json"], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        self.probe = json.loads(done.stdout)
        self.layers = {layer["layer"]: layer for layer in self.probe["layers"]}

    def run_at_reported_level(self):
        level = self.probe["best_level"]
        done = subprocess.run([*denied(self.spec), RUN, "--json", "--level", level,
                               "--require-level", level, "--", "/bin/true"],
                              capture_output=True, text=True, timeout=120)
        return json.loads(done.stdout) if done.stdout else {"verdict": done.stderr}


class Denials(unittest.TestCase):
    hosts = {}

    @classmethod
    def host(cls, spec):
        if spec not in cls.hosts:
            cls.hosts[spec] = Host(spec)
        return cls.hosts[spec]

    def assert_sessions_run(self, host):
        confirmed = host.probe["confirmed"]
        self.assertEqual(confirmed["level"], host.probe["best_level"], confirmed)
        self.assertTrue(confirmed["trials"][-1]["ok"], confirmed)
        verdict = host.run_at_reported_level()
        self.assertEqual(verdict["verdict"], "ok", verdict)
        self.assertEqual(verdict["level"], host.probe["best_level"])
        self.assertEqual(host.rows["sandboxed session"]["status"], "pass",
                         host.rows["sandboxed session"])
        self.assertEqual(host.doctor["isolation"]["best_level"], host.probe["best_level"])
        self.assertTrue(host.rows["isolation level"]["detail"].startswith(
            host.probe["best_level"] + " (a trial session ran at this level"),
            host.rows["isolation level"])

    def assert_layer(self, host, name, status, *, used, available, detail="", fix=""):
        row = host.rows[name]
        self.assertEqual(row["status"], status, row)
        self.assertEqual(host.layers[name]["used"], used, host.layers[name])
        self.assertEqual(host.layers[name]["available"], available, host.layers[name])
        self.assertIn(detail, row["detail"])
        self.assertIn(fix, row["fix"])

    def test_every_layer_has_a_row_and_a_json_entry(self):
        host = self.host("")
        self.assertEqual(set(host.layers), LAYERS)
        self.assertEqual(LAYERS - set(host.rows), set())
        self.assertEqual(host.doctor["schema"], "gradebox.doctor")
        for name, layer in host.layers.items():
            self.assertEqual(host.rows[name]["status"] == "pass", layer["used"], layer)
            if not layer["used"]:
                self.assertTrue(layer["fix"] or name == "rlimits", layer)
        self.assert_sessions_run(host)

    def test_refused_sethostname_and_mount_keep_the_level(self):
        # What podman's and CRI-O's default profiles refuse to root in a container.
        host = self.host("sethostname,mount")
        self.assertEqual(host.probe["best_level"], self.host("").probe["best_level"])
        self.assert_sessions_run(host)
        self.assertEqual(host.doctor_status, 0, host.rows)
        if self.host("").layers["uts namespace"]["used"]:
            self.assert_layer(host, "uts namespace", "pass", used=True, available=True)
        self.assert_layer(host, "mount namespace", "warn", used=False, available=True,
                          detail="could not be made private", fix="seccomp")
        self.assert_layer(host, "private /dev/shm", "warn", used=False, available=True,
                          detail="multiprocessing", fix="mount")

    def assert_missing_layer_but_sessions_run(self, spec, name, detail, fix):
        host = self.host(spec)
        self.assert_sessions_run(host)
        self.assert_layer(host, name, "warn", used=False, available=False, detail=detail, fix=fix)
        return host

    def test_no_user_namespaces(self):
        host = self.assert_missing_layer_but_sessions_run(
            "unshare:newuser,clone:newuser", "user namespace",
            "refuses unshare(CLONE_NEWUSER)", "user namespaces")
        self.assertIn("running tasks + the pids limit", host.rows["rlimits"]["detail"])

    def test_no_uts_namespace(self):
        self.assert_missing_layer_but_sessions_run(
            "unshare:newuts,clone:newuts", "uts namespace", "CLONE_NEWUTS", "seccomp=")

    def test_no_landlock(self):
        host = self.assert_missing_layer_but_sessions_run(
            "landlock_create_ruleset", "landlock", "no Landlock ABI", "Linux >= 5.13")
        self.assertEqual(host.probe["landlock_abi"], 0)

    def test_no_seccomp_means_no_session_and_doctor_fails(self):
        host = self.host("seccomp")
        self.assertIsNone(host.probe["confirmed"]["level"])
        self.assertFalse(any(t["ok"] for t in host.probe["confirmed"]["trials"]))
        self.assertIn("seccomp", host.probe["confirmed"]["trials"][-1]["failure"])
        self.assertEqual(host.doctor_status, 1)
        self.assertEqual(host.rows["isolation level"]["status"], "fail")
        self.assertIn("no sandboxed session starts here", host.rows["isolation level"]["detail"])
        self.assert_layer(host, "seccomp", "fail", used=False, available=True,
                          detail="no session starts on this host", fix="seccomp")


if __name__ == "__main__":
    unittest.main()
