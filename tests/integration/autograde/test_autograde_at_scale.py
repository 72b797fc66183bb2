"""`gradebox autograde` as a Kubernetes Job runs it: the signing key from a file outside the
course (`--key`, GRADEBOX_SIGNING_KEY_FILE), a shard killed before its manifest and retried, and
the exit status (a broken or hostile submission never fails the run; the grader's own failures
do). Environment: GRADEBOX, GRADEBOX_EXPORT, GRADEBOX_SOURCE_DIR.
"""
import base64
import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

from test_autograde import GRADEBOX, RIGHT, WRONG, MadeCourse, parse_prometheus, run


def manifests(course):
    return sorted((course.root / "records" / "ps" / "manifests").glob("*.json"))


def manifest_body(path):
    return json.loads(base64.b64decode(json.loads(path.read_text())["payload"]))


def verify(course):
    return run("verify", course.root / "records", "--course", course.root, check=False)


def export(course):
    return subprocess.run([os.environ["GRADEBOX_EXPORT"], "--records", course.root / "records",
                           "--trust", course.root / ".gradebox/keys/trust.json",
                           "--format", "json"], capture_output=True, text=True, timeout=120)


class SigningKeyFile(unittest.TestCase):
    """The key lives outside the course (a Secret mount); nothing writes a key into the course."""

    @classmethod
    def setUpClass(cls):
        cls.course = MadeCourse()
        cls.secrets = tempfile.TemporaryDirectory(prefix="gradebox-secret-")
        cls.key = Path(cls.secrets.name) / "signing.pem"
        keygen = run("keygen", "--course", cls.course.root, "--key", cls.key)
        assert keygen.returncode == 0, keygen.stderr
        for old in cls.course.root.rglob("*.key.pem"):  # the key Course made: not to be used
            old.unlink()
        cls.course.submit_answer("ann", RIGHT)

    @classmethod
    def tearDownClass(cls):
        cls.course.close()
        cls.secrets.cleanup()

    def autograde(self, *args, env=None):
        return subprocess.run([GRADEBOX, "autograde", "ps", "--course", str(self.course.root),
                               "--force", *map(str, args)], capture_output=True, text=True,
                              timeout=300, env={**os.environ, **(env or {})})

    def test_key_option_signs_records_that_verify(self):
        done = self.autograde("--key", self.key)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(self.course.record("ann")["totals"]["points_milli"], 3000)
        self.assertEqual(verify(self.course).returncode, 0)
        self.assertEqual(list(self.course.root.rglob("*.key.pem")), [])

    def test_environment_variable_names_the_key(self):
        done = self.autograde(env={"GRADEBOX_SIGNING_KEY_FILE": str(self.key)})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(verify(self.course).returncode, 0)
        self.assertEqual(list(self.course.root.rglob("*.key.pem")), [])

    def test_without_the_key_nothing_is_graded(self):
        done = self.autograde()
        self.assertEqual(done.returncode, 1)
        self.assertIn("no active key with a private key file", done.stderr)

    def test_a_key_others_can_read_is_refused(self):
        self.key.chmod(0o644)
        try:
            done = self.autograde("--key", self.key)
        finally:
            self.key.chmod(0o600)
        self.assertEqual(done.returncode, 1)
        self.assertIn("mode 0644 lets others use it", done.stderr)

    def test_a_key_the_trust_store_does_not_list_is_refused(self):
        with tempfile.TemporaryDirectory() as elsewhere:
            other = Path(elsewhere) / "other.pem"
            assert run("keygen", "--dir", Path(elsewhere) / "keys", "--key", other).returncode == 0
            done = self.autograde("--key", other)
        self.assertEqual(done.returncode, 1)
        self.assertIn("is not an active key of", done.stderr)


class InterruptedShard(unittest.TestCase):
    """A pod killed after writing records but before its manifest: the retry (no --force) lists
    those records in its own manifest, and verify and export pass."""

    def test_retry_lists_the_records_a_killed_run_left(self):
        course = MadeCourse()
        self.addCleanup(course.close)
        students = ["ann", "ben", "cat", "dan"]
        for student in students:
            course.submit_answer(student, RIGHT)
        done, _ = course.autograde("--shard", "0/1")
        self.assertEqual(done.returncode, 0, done.stderr)
        for manifest in manifests(course):  # the state a SIGKILL before finish() leaves
            manifest.unlink()
        (course.root / "records" / "ps" / "ann.json").unlink()  # killed before ann's record
        self.assertNotEqual(verify(course).returncode, 0)

        done, summary = course.autograde("--shard", "0/1")
        self.assertEqual(done.returncode, 0, done.stderr)
        status = {s["student"]: s["status"] for s in summary["submissions"]}
        self.assertEqual(status, {"ann": "graded", "ben": "skipped", "cat": "skipped",
                                  "dan": "skipped"})
        self.assertIn("3 current record(s) of an interrupted run listed", done.stderr)
        [manifest] = manifests(course)
        body = manifest_body(manifest)
        self.assertEqual(sorted(e["student"] for e in body["entries"]), students)
        self.assertEqual(body["counts"], {"graded": 1, "errored": 0, "skipped": 3, "relisted": 3})
        self.assertEqual(verify(course).returncode, 0, verify(course).stdout)
        self.assertEqual(export(course).returncode, 0, export(course).stderr)

        # A third run finds everything listed: it skips all and writes no manifest.
        done, _ = course.autograde("--shard", "0/1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(len(manifests(course)), 1)


class ExitStatus(unittest.TestCase):
    """Per-student errors are counted, not the run's failure; a record the grader cannot write is."""

    def test_a_broken_submission_does_not_fail_the_run(self):
        course = MadeCourse()
        self.addCleanup(course.close)
        course.submit_answer("ann", RIGHT)
        course.submit_answer("ben", WRONG)
        course.submit_answer("bad", RIGHT).joinpath(course.name).write_text("{not json")
        metrics = course.root / "autograde.prom"
        done, summary = course.autograde("--metrics", metrics)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(summary["errored"], 1)
        self.assertIn("error: bad", done.stderr)
        [manifest] = manifests(course)
        self.assertEqual(manifest_body(manifest)["counts"],
                         {"graded": 2, "errored": 1, "skipped": 0, "relisted": 0})
        samples, _ = parse_prometheus(metrics.read_text())
        label = lambda **l: frozenset({"assignment": "ps", **l}.items())
        self.assertEqual(samples[("gradebox_autograde_submissions", label(status="error"))], 1)
        self.assertEqual(samples[("gradebox_autograde_grader_failures", label())], 0)

    def test_a_record_that_cannot_be_written_fails_the_run(self):
        course = MadeCourse()
        self.addCleanup(course.close)
        course.submit_answer("ann", RIGHT)
        course.submit_answer("ben", RIGHT)
        # A directory where ben's record goes: the rename cannot replace it, even as root.
        (course.root / "records" / "ps" / "ben.json").mkdir(parents=True)
        metrics = course.root / "autograde.prom"
        done, _ = course.autograde("--metrics", metrics)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("grader failure: ben:", done.stderr)
        self.assertEqual(course.record("ann")["totals"]["points_milli"], 3000)
        samples, _ = parse_prometheus(metrics.read_text())
        self.assertEqual(samples[("gradebox_autograde_grader_failures",
                                  frozenset({"assignment": "ps"}.items()))], 1)

    def test_an_invalid_student_option_is_a_usage_error(self):
        course = MadeCourse()
        self.addCleanup(course.close)
        done = run("autograde", "ps", "--course", course.root, "--student", "../x", check=False)
        self.assertEqual(done.returncode, 2, done.stderr)


if __name__ == "__main__":
    unittest.main()
