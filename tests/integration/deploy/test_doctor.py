"""`gradebox doctor` on a good set-up (every check passes or only warns, exit 0) and on a broken one
(world-readable key, no source/, bad gradebox.toml, a kernelspec starting another program via
JUPYTER_PATH): exit 1 with exactly those rows failing, each with a fix.

Environment: GRADEBOX, GRADEBOX_KERNEL (the gradebox-kernel built with it), GRADEBOX_SOURCE_DIR.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

GRADEBOX = os.environ.get("GRADEBOX", "")
KERNEL = os.environ.get("GRADEBOX_KERNEL", "")
if not (os.access(GRADEBOX, os.X_OK) and os.access(KERNEL, os.X_OK)):
    print("skipped: GRADEBOX and GRADEBOX_KERNEL must name the built executables")
    sys.exit(77)
FIXTURE = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests/fixtures/nbgrader/apps/submitted-unchanged.ipynb"

STACK_ROWS = {"numpy", "pandas", "scipy", "sklearn", "statsmodels", "sympy", "numba", "matplotlib",
              "ipywidgets"}
LAYER_ROWS = {"user namespace", "pid namespace", "net namespace", "ipc namespace", "uts namespace",
              "mount namespace", "cgroup memory", "cgroup pids", "landlock", "seccomp", "rlimits",
              "private /dev/shm"}
MACHINE_ROWS = {"python embedding", "ipython", "sandboxed session", "kernelspec",
                "isolation level"} | LAYER_ROWS | STACK_ROWS
COURSE_ROWS = {"gradebox.toml", "source/", "release/", "submitted/", "course reachable",
               "signing key", "trust store"}


class Setup:
    """A course (released, keyed, one submission) and a private Jupyter data path."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gradebox-doctor-test-")
        self.dir = Path(self.tmp.name)
        self.dir.chmod(0o755)
        self.course = self.dir / "course"
        (self.course / "source" / "ps").mkdir(parents=True)
        shutil.copy(FIXTURE, self.course / "source/ps/nb.ipynb")
        for args in (["keygen"], ["release", "ps"]):
            done = subprocess.run([GRADEBOX, *args, "--course", self.course], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        (self.course / "submitted/alice/ps").mkdir(parents=True)
        prefix = self.dir / "prefix"
        subprocess.run([KERNEL, "install", "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
        self.env = dict(os.environ, JUPYTER_PATH=str(prefix / "share/jupyter"),
                        JUPYTER_DATA_DIR=str(self.dir / "data"))

    def doctor(self, *args, json_output=True, cwd=None):
        command = [GRADEBOX, "doctor", *map(str, args)] + (["--json"] if json_output else [])
        done = subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=120,
                              cwd=cwd)
        if not json_output:
            return done, None
        report = json.loads(done.stdout)
        return done, {row["name"]: row for row in report["checks"]}

    def close(self):
        self.tmp.cleanup()


class GoodSetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.setup = Setup()
        cls.done, cls.rows = cls.setup.doctor("--course", cls.setup.course)

    @classmethod
    def tearDownClass(cls):
        cls.setup.close()

    def test_passes(self):
        failed = {n: r for n, r in self.rows.items() if r["status"] == "fail"}
        self.assertEqual(failed, {})
        self.assertEqual(self.done.returncode, 0, self.done.stdout + self.done.stderr)
        self.assertEqual(set(self.rows), MACHINE_ROWS | COURSE_ROWS)

    def test_runtime_rows_report_versions(self):
        self.assertRegex(self.rows["python embedding"]["detail"], r"Python 3\.\d+")
        self.assertIn("IPython", self.rows["ipython"]["detail"])
        for name in ("python embedding", "ipython", "numpy", "sandboxed session", "kernelspec",
                     "signing key", "trust store", "source/", "release/", "submitted/",
                     "gradebox.toml"):
            self.assertEqual(self.rows[name]["status"], "pass", self.rows[name])

    def test_stack_rows_pass_or_skip_when_not_installed(self):
        for name in STACK_ROWS:
            self.assertIn(self.rows[name]["status"], ("pass", "skip"), self.rows[name])
            if self.rows[name]["status"] == "skip":
                self.assertEqual(self.rows[name]["detail"], "not installed")

    def test_a_configured_preload_that_is_missing_fails(self):
        toml = self.setup.course / "gradebox.toml"
        toml.write_text('[runtime]\npreload = ["numpy", "no_such_module_for_doctor"]\n')
        try:
            done, rows = self.setup.doctor("--course", self.setup.course)
        finally:
            toml.unlink()
        self.assertEqual(done.returncode, 1)
        row = rows["no_such_module_for_doctor"]
        self.assertEqual(row["status"], "fail", row)
        self.assertIn("not installed", row["detail"])
        self.assertEqual(rows["numpy"]["status"], "pass")

    def test_isolation_level_is_the_probes(self):
        probe = subprocess.run([os.environ["GRADEBOX_RUN"], "--probe", "--json"],
                               capture_output=True, text=True, check=True)
        row = self.rows["isolation level"]
        self.assertTrue(row["detail"].startswith(json.loads(probe.stdout)["best_level"]), row)
        self.assertEqual(row["status"], "warn" if row["detail"].startswith("rlimit") else "pass")

    def test_table_output(self):
        done, _ = self.setup.doctor("--course", self.setup.course, json_output=False)
        self.assertEqual(done.returncode, 0)
        self.assertRegex(done.stdout, r"(?m)^python embedding +pass +worker runs Python 3")
        self.assertIn("ready: 0 failed", done.stdout)

    def test_without_course_the_course_rows_are_skipped(self):
        done, rows = self.setup.doctor(cwd=self.setup.dir)
        self.assertEqual(rows["course"]["status"], "skip")
        self.assertFalse(COURSE_ROWS & set(rows))
        self.assertEqual(done.returncode, 0)

    def test_missing_worker_fails_python_embedding(self):
        env = self.setup.env
        self.setup.env = dict(env, GRADEBOX_WORKER=str(self.setup.dir / "no-such-worker"))
        try:
            done, rows = self.setup.doctor("--course", self.setup.course)
        finally:
            self.setup.env = env
        self.assertEqual(done.returncode, 1)
        self.assertEqual(rows["python embedding"]["status"], "fail")
        self.assertIn("no-such-worker", rows["python embedding"]["detail"])
        self.assertIn("GRADEBOX_WORKER", rows["python embedding"]["fix"])
        self.assertEqual({rows[n]["status"] for n in ("ipython", "numpy", "sandboxed session")}, {"skip"})

    def test_missing_kernelspec_only_warns(self):
        if any(Path(d, "kernels/gradebox-python").exists()
               for d in ("/usr/local/share/jupyter", "/usr/share/jupyter",
                         Path.home() / ".local/share/jupyter")):
            self.skipTest("gradebox-python is installed on this machine")
        env = self.setup.env
        self.setup.env = dict(env, JUPYTER_PATH="", XDG_DATA_HOME="", HOME=str(self.setup.dir))
        try:
            done, rows = self.setup.doctor("--course", self.setup.course)
        finally:
            self.setup.env = env
        self.assertEqual(rows["kernelspec"]["status"], "warn")
        self.assertIn("install", rows["kernelspec"]["fix"])
        self.assertEqual(done.returncode, 0)


class BrokenSetup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.setup = setup = Setup()
        cls.key = next((setup.course / ".gradebox/keys").glob("*.key.pem"))
        cls.key.chmod(0o644)
        shutil.rmtree(setup.course / "source")
        (setup.course / "gradebox.toml").write_text("[limits\nmemory_mib = \n")
        elsewhere = setup.dir / "elsewhere" / "kernels" / "gradebox-python"
        elsewhere.mkdir(parents=True)
        (elsewhere / "kernel.json").write_text(json.dumps(
            {"argv": ["/usr/bin/false", "-f", "{connection_file}"], "display_name": "impostor",
             "language": "python"}))
        setup.env["JUPYTER_PATH"] = f"{setup.dir / 'elsewhere'}:{setup.env['JUPYTER_PATH']}"
        cls.done, cls.rows = setup.doctor("--course", setup.course)

    @classmethod
    def tearDownClass(cls):
        cls.setup.close()

    def test_exit_1_with_exactly_the_broken_rows_failing(self):
        self.assertEqual(self.done.returncode, 1)
        failed = {n for n, r in self.rows.items() if r["status"] == "fail"}
        self.assertEqual(failed, {"signing key", "source/", "gradebox.toml", "kernelspec"})
        for name in failed:
            self.assertTrue(self.rows[name]["fix"], self.rows[name])

    def test_rows_say_what_is_wrong(self):
        self.assertIn(str(self.key), self.rows["signing key"]["detail"])
        self.assertIn("chmod 600", self.rows["signing key"]["fix"])
        self.assertIn("/usr/bin/false", self.rows["kernelspec"]["detail"])
        self.assertIn("gradebox.toml", self.rows["gradebox.toml"]["detail"])
        self.assertIn("source", self.rows["source/"]["detail"])

    def test_the_machine_still_passes(self):
        for name in ("python embedding", "ipython", "numpy", "sandboxed session", "trust store"):
            self.assertEqual(self.rows[name]["status"], "pass", self.rows[name])

    def test_table_names_each_fix(self):
        done, _ = self.setup.doctor("--course", self.setup.course, json_output=False)
        self.assertEqual(done.returncode, 1)
        self.assertGreaterEqual(done.stdout.count("fix: "), 4)
        self.assertIn("not ready: 4 failed", done.stdout)


if __name__ == "__main__":
    unittest.main()
