"""`gradebox runtime-serve` and `gradebox autograde --zygote`: attaching to a warm zygote service,
the fallbacks (absent socket, foreign mode, other worker), the peer check, a service killed in
the middle of a run, and nothing left behind. Root only (the service refuses to run otherwise).
Environment as test_autograde.py.
"""
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import unittest
from pathlib import Path

from test_autograde import GRADEBOX, Course, run


def children(pid):
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_until(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


class Service:
    """`gradebox runtime-serve` in the background; `pid` is the service's worker (the listener)."""

    def __init__(self, course, sock, env=None):
        self.sock = sock
        self.process = subprocess.Popen([GRADEBOX, "runtime-serve", "--course", str(course.root),
                                         "--socket", str(sock)], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        line = self.process.stdout.readline()
        found = re.search(r"\(pid (\d+)\)", line)
        if not found:
            self.process.kill()
            raise AssertionError(f"runtime-serve did not start: {line}{self.process.stderr.read()}")
        self.pid = int(found.group(1))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()
        return code


@unittest.skipUnless(os.geteuid() == 0, "the zygote service runs as root only")
class ZygoteService(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course = Course("apps/submitted-unchanged.ipynb")
        for student in ("a", "b", "c"):
            cls.course.submit(student, "apps/submitted-changed.ipynb")
        cls.sock = cls.course.root / "zygote.sock"
        cls.service = Service(cls.course, cls.sock)

    @classmethod
    def tearDownClass(cls):
        cls.service.stop()
        cls.course.close()

    def autograde(self, *args):
        return self.course.autograde("--force", *args)

    def test_socket_is_0600_and_owned_by_root(self):
        status = self.sock.lstat()
        self.assertTrue(stat.S_ISSOCK(status.st_mode))
        self.assertEqual(stat.S_IMODE(status.st_mode), 0o600)
        self.assertEqual(status.st_uid, 0)

    def test_attached_run_grades_like_a_spawned_one_and_leaves_no_connection(self):
        done, summary = self.autograde("--zygote", self.sock, "--jobs", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("attached to the zygote service", done.stderr)
        for student in ("a", "b", "c"):
            self.assertEqual(self.course.record(student)["totals"],
                             {"points_milli": 2000, "max_milli": 7000, "manual_pending": 2})
        # The connection zygote (and so every session) ends with the command.
        self.assertTrue(wait_until(lambda: not children(self.service.pid)),
                        children(self.service.pid))
        self.assertTrue(alive(self.service.pid))

    def test_gradebox_toml_names_the_socket(self):
        toml = self.course.root / "gradebox.toml"
        toml.write_text('[runtime]\nzygote_socket = "zygote.sock"\n')
        try:
            done, _ = self.autograde("--student", "a")
        finally:
            toml.unlink()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("attached to the zygote service", done.stderr)

    def test_absent_socket_falls_back_with_a_message(self):
        done, _ = self.autograde("--zygote", self.course.root / "nobody.sock", "--student", "a")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("no such socket", done.stderr)
        self.assertIn("started a zygote of our own", done.stderr)
        self.assertEqual(self.course.record("a")["totals"]["points_milli"], 2000)

    def test_stale_socket_falls_back(self):
        stale = self.course.root / "stale.sock"
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        listener.bind(str(stale))
        listener.close()  # the file stays, nobody listens
        os.chmod(stale, 0o600)
        done, _ = self.autograde("--zygote", stale, "--student", "a")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("nobody listens", done.stderr)

    def test_socket_open_to_others_is_not_used(self):
        os.chmod(self.sock, 0o666)
        try:
            done, _ = self.autograde("--zygote", self.sock, "--student", "a")
        finally:
            os.chmod(self.sock, 0o600)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("mode must be 0600", done.stderr)
        self.assertNotIn("attached", done.stderr)

    def test_other_uid_is_refused_by_the_listener(self):
        # Even with the file opened up, a peer of another uid gets a refusal and no zygote.
        os.chmod(self.sock, 0o666)
        try:
            code = ("import socket,sys\n"
                    "s=socket.socket(socket.AF_UNIX,socket.SOCK_SEQPACKET)\n"
                    f"s.connect({str(self.sock)!r})\n"
                    "s.settimeout(10)\n"
                    "sys.stdout.write(s.recv(65536).decode(errors='replace'))\n")
            done = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                                  user=65534, group=65534, timeout=30)
        finally:
            os.chmod(self.sock, 0o600)
        self.assertIn("serves uid 0 only", done.stdout + done.stderr)
        self.assertNotIn('"ready"', done.stdout)
        self.assertTrue(wait_until(lambda: not children(self.service.pid)))

    def test_other_worker_is_a_policy_mismatch(self):
        # A service started from another gradebox-worker file (another build or version).
        other = self.course.root / "gradebox-worker"
        shutil.copy(os.environ["GRADEBOX_WORKER_BINARY"], other)
        sock = self.course.root / "other.sock"
        service = Service(self.course, sock, env={**os.environ, "GRADEBOX_WORKER": str(other)})
        try:
            done, _ = self.autograde("--zygote", sock, "--student", "a")
        finally:
            self.assertEqual(service.stop(), 0)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("started for another policy", done.stderr)
        self.assertIn("started a zygote of our own", done.stderr)
        self.assertFalse(sock.exists())

    def test_second_service_on_a_live_socket_is_refused(self):
        second = subprocess.run([GRADEBOX, "runtime-serve", "--course", str(self.course.root),
                                 "--socket", str(self.sock)], capture_output=True, text=True,
                                timeout=120)
        self.assertEqual(second.returncode, 1)
        self.assertIn("another zygote service is listening", second.stderr)
        self.assertTrue(self.sock.exists())


@unittest.skipUnless(os.geteuid() == 0, "the zygote service runs as root only")
class ZygoteServiceKilled(unittest.TestCase):
    def test_killed_service_gives_error_records_and_nothing_leaks(self):
        course = Course("apps/submitted-unchanged.ipynb")
        try:
            released = json.loads(course.released().read_text())
            for cell in released["cells"]:
                if cell["cell_type"] == "code":
                    cell["source"] = "import time; time.sleep(0.5)\n" + "".join(cell["source"])
                    break
            students = [f"s{i}" for i in range(6)]
            for student in students:
                folder = course.submit(student)
                (folder / course.name).write_text(json.dumps(released))
            sock = course.root / "zygote.sock"
            service = Service(course, sock)
            environ = Path(f"/proc/{service.pid}/environ").read_bytes().split(b"\0")
            scratch = Path(next(e for e in environ if e.startswith(b"HOME="))[5:].decode())
            self.assertTrue(scratch.is_dir())
            grading = subprocess.Popen([GRADEBOX, "autograde", course.assignment, "--course",
                                        str(course.root), "--zygote", str(sock), "--jobs", "1",
                                        "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True)
            # Kill the service's worker once the first submission is under way.
            self.assertTrue(wait_until(lambda: children(service.pid), 30))
            time.sleep(1.0)
            connection = children(service.pid)
            sessions = [c for z in connection for c in children(int(z))]
            os.kill(service.pid, signal.SIGKILL)
            out, err = grading.communicate(timeout=120)
            self.assertEqual(grading.returncode, 0, err)  # error records, no crash (a student's error never fails the run)
            summary = json.loads(out)
            by_student = {s["student"]: s for s in summary["submissions"]}
            self.assertEqual(sorted(by_student), students)
            errored = [s for s in students if by_student[s]["status"] == "error"]
            self.assertTrue(errored, summary)
            for student in errored:
                self.assertIn("zygote", by_student[student]["error"])
                self.assertEqual(course.record(student)["status"], "error")
            # runtime-serve notices by itself, and nothing of the service is left running.
            self.assertEqual(service.process.wait(timeout=30), 1)
            self.assertIn("exited unexpectedly", service.process.stderr.read())
            service.stop()
            for pid in [service.pid, *map(int, connection), *map(int, sessions)]:
                self.assertTrue(wait_until(lambda: not alive(pid)), pid)
            self.assertFalse(scratch.exists())
            self.assertFalse(sock.exists())
        finally:
            course.close()


if __name__ == "__main__":
    unittest.main()
