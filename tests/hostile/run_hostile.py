#!/usr/bin/python3
"""Generic runner for one hostile case: tests/hostile/<case>/ holds the attack (program.py, run by
/usr/bin/python3, or program.c, built by CMake as hostile_<case>) and `expect`, lines of
`key = value`:

  args = gradebox-run options for this case ({outside}, {secret}, {port} are substituted)
  program_args = arguments to the program (same substitutions; {bulk:N:SIZE} = N args of SIZE)
  verdict = expected verdict at every level, alternatives separated by |
  verdict.<level> = override for one level (cgroup2, cgroup1, rlimit)
  exit_code = expected exit code of the program
  signal = expected signal name (SIGSEGV)
  stdout_contains = text the captured stdout must contain
  detail_contains = text the verdict detail must contain
  detail_contains.root = the same, checked only when running as root (e.g. needs /dev/kmsg)
  scratch = parent directory of the scratch dir (default: the temp dir; /dev/shm for file floods)

The case runs at every level the host reaches (forcing the lower ones too). Afterwards the host is
checked: no process carrying the run's tag is alive, the loopback listener this runner owns got
no connection, nothing was written outside the scratch dir, the run's cgroups are gone.
Exit status: 0 pass, 1 fail, 77 skipped."""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

LEVELS = ["rlimit", "cgroup1", "cgroup2"]


def read_expect(path):
    expect = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition("=")
            expect[key.strip()] = value.strip()
    return expect


def substitute(text, values):
    out = []
    for word in text.split():
        if word.startswith("{bulk:"):
            count, size = word[6:-1].split(":")
            out.extend(["a" * int(size)] * int(count))
        else:
            out.append(word.format(**values))
    return out


def tagged_processes(tag):
    found = []
    for env_path in glob.glob("/proc/[0-9]*/environ"):
        try:
            with open(env_path, "rb") as f:
                if tag.encode() in f.read():
                    found.append(env_path.split("/")[2])
        except OSError:
            pass
    return found


def gradebox_cgroups():
    return set(glob.glob("/sys/fs/cgroup/**/gradebox-*-*", recursive=True))


def leftover_cgroups(runner_pid, existing):
    """Groups of this gradebox-run (named gradebox-PID-N) that were not there before it started.
    Other processes leave groups behind too (a killed runtime cannot remove its own), and pids
    wrap: a stale gradebox-PID-N of an earlier process with the same pid is not this run's."""
    return sorted(g for g in gradebox_cgroups() - existing
                  if os.path.basename(g).startswith(f"gradebox-{runner_pid}-"))


# The unprivileged pass: what gradebox-run does when started by an ordinary user (no cgroups, no
# privilege drop, no pid namespace from the launcher's clone).
UNPRIVILEGED_UID = 65534
AS_UNPRIVILEGED = ["setpriv", f"--reuid={UNPRIVILEGED_UID}", f"--regid={UNPRIVILEGED_UID}",
                   "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"]


def probe_as_unprivileged(gradebox_run):
    """(probe, None) when this runner can start gradebox-run as UNPRIVILEGED_UID, else
    (None, reason)."""
    if os.geteuid() != 0:
        return None, "the runner is not root, so the passes above already ran unprivileged"
    if not shutil.which("setpriv"):
        return None, "setpriv (util-linux) is not installed"
    done = subprocess.run(AS_UNPRIVILEGED + [gradebox_run, "--probe", "--json"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"gradebox-run --probe as uid {UNPRIVILEGED_UID} failed: {done.stderr[-300:]}"
    return json.loads(done.stdout), None


def unprivileged_layers_missing(layers, probe):
    """Layers an unprivileged run must report, given what the host lets that user have."""
    wanted = ["rlimits", "no_new_privs", "seccomp"]
    if probe["landlock_abi"] > 0:
        wanted.append(f"landlock:{probe['landlock_abi']}")
    missing = [layer for layer in wanted if layer not in layers]
    if probe["namespaces"]["user"] and not any(l.startswith("namespaces:user") for l in layers):
        missing.append("namespaces:user,...")
    # Root-only layers must not be claimed.
    missing += [f"no {l}" for l in layers if l.startswith(("privilege_drop", "cgroup"))]
    return missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gradebox-run", required=True)
    parser.add_argument("--case", required=True)
    parser.add_argument("--program", help="built C program of the case")
    args = parser.parse_args()

    case = os.path.abspath(args.case)
    name = os.path.basename(case)
    expect = read_expect(os.path.join(case, "expect"))
    probe = json.loads(subprocess.run([args.gradebox_run, "--probe", "--json"], check=True,
                                      capture_output=True, text=True).stdout)
    best = LEVELS.index(probe["best_level"])
    levels = LEVELS[: best + 1]

    failures = []
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]

    def run_pass(level, unprivileged):
        """One run of the case at `level`. unprivileged: None, or the probe of gradebox-run as
        UNPRIVILEGED_UID, as whom this pass then runs it (through setpriv)."""
        tag = "GRADEBOX_HOSTILE_TAG=" + uuid.uuid4().hex
        scratch = tempfile.mkdtemp(prefix=f"gradebox-hostile-{name}-", dir=expect.get("scratch"))
        outside = os.path.join(tempfile.gettempdir(), f"gradebox-hostile-outside-{uuid.uuid4().hex}")
        secret_fd, secret = tempfile.mkstemp(prefix="gradebox-hostile-secret-")
        os.write(secret_fd, b"top secret\n")
        os.close(secret_fd)
        os.chmod(secret, 0o600)
        if unprivileged:
            os.chown(scratch, UNPRIVILEGED_UID, UNPRIVILEGED_UID)
        values = {"outside": outside, "secret": secret, "port": port, "bulk_env": "e" * 100000}
        if args.program:
            program = [os.path.abspath(args.program)]
            readable = [program[0]]
        else:
            program = ["/usr/bin/python3", os.path.join(case, "program.py")]
            readable = [case]
        command = (AS_UNPRIVILEGED if unprivileged else []) + [args.gradebox_run, "--json", "--level", level, "--rw", scratch,
                   "--env", tag, "--env", f"HOSTILE_PORT={port}", "--env", f"HOSTILE_OUTSIDE={outside}",
                   ] + (["--env", f"HOSTILE_SECRET={secret}"] if os.geteuid() == 0 else [])
        for path in readable:
            command += ["--ro", path]
        command += substitute(expect.get("args", ""), values)
        command += ["--"] + program + substitute(expect.get("program_args", ""), values)
        started = time.monotonic()
        existing_cgroups = gradebox_cgroups()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate(timeout=120)
        elapsed = time.monotonic() - started
        where = f"{name} [{level}{', unprivileged' if unprivileged else ''}]"
        try:
            verdict = json.loads(out)
        except json.JSONDecodeError:
            failures.append(f"{where}: no JSON verdict (exit {proc.returncode}): {err.decode(errors='replace')[-500:]}")
            verdict = None
        if verdict:
            wanted = expect.get("verdict.unprivileged" if unprivileged else f"verdict.{level}",
                                expect.get(f"verdict.{level}", expect.get("verdict", "ok"))).split("|")
            summary = f"{verdict['verdict']} ({verdict['detail']}) in {elapsed:.2f}s"
            print(f"{where}: {summary}; layers {','.join(verdict['layers'])}")
            if verdict["verdict"] not in wanted:
                failures.append(f"{where}: verdict {summary}, expected {'|'.join(wanted)}; "
                                f"stderr: {verdict['stderr']['text'][-400:]!r}")
            if verdict["level"] != level:
                failures.append(f"{where}: ran at level {verdict['level']}")
            want_rc = {"ok": 0, "internal_error": 3}.get(verdict["verdict"], 1)
            if proc.returncode != want_rc:
                failures.append(f"{where}: gradebox-run exited {proc.returncode}, expected {want_rc}")
            if "exit_code" in expect and verdict["exit_code"] != int(expect["exit_code"]):
                failures.append(f"{where}: exit code {verdict['exit_code']}, expected {expect['exit_code']}")
            if "signal" in expect and verdict["signal_name"] != expect["signal"]:
                failures.append(f"{where}: signal {verdict['signal_name']}, expected {expect['signal']}")
            if "stdout_contains" in expect and expect["stdout_contains"] not in verdict["stdout"]["text"]:
                failures.append(f"{where}: stdout lacks {expect['stdout_contains']!r}: "
                                f"{verdict['stdout']['text'][-300:]!r}")
            wanted_detail = [expect.get("detail_contains")]
            if os.geteuid() == 0 and not unprivileged:
                wanted_detail.append(expect.get("detail_contains.root"))
            for text in filter(None, wanted_detail):
                if text not in verdict["detail"]:
                    failures.append(f"{where}: detail {verdict['detail']!r} lacks {text!r}")
            if unprivileged:
                missing = unprivileged_layers_missing(verdict["layers"], unprivileged)
                if missing:
                    failures.append(f"{where}: layers {verdict['layers']} lack {missing}")
        # The host afterwards.
        alive = tagged_processes(tag)
        if alive:
            failures.append(f"{where}: processes left behind: {alive}")
        try:
            conn, peer = listener.accept()
            failures.append(f"{where}: the loopback listener received a connection from {peer}")
            conn.close()
        except BlockingIOError:
            pass
        # The host's /dev/shm too: a run writes only to a private one (sandbox/private_shm.hpp).
        for path in (outside, os.path.join("/dev/shm", os.path.basename(outside))):
            if os.path.exists(path):
                failures.append(f"{where}: a file appeared outside the scratch dir: {path}")
                os.unlink(path)
        with open(secret) as f:
            if f.read() != "top secret\n":
                failures.append(f"{where}: the root-only file was modified")
        groups = leftover_cgroups(proc.pid, existing_cgroups)
        if groups:
            failures.append(f"{where}: cgroups left behind: {groups}")
        os.unlink(secret)
        shutil.rmtree(scratch, ignore_errors=True)

    for level in levels:
        run_pass(level, False)
    unprivileged_probe, why_not = probe_as_unprivileged(args.gradebox_run)
    if unprivileged_probe:
        run_pass("rlimit", unprivileged_probe)
    else:
        print(f"{name} [unprivileged]: skipped: {why_not}")

    listener.close()
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
