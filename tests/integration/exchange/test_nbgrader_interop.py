"""gradebox's exchange against real nbgrader 0.9.5, both ways, students as distinct uids.

nbgrader comes from the NBGRADER command (CMake GRADEBOX_NBGRADER), else `python3 -m nbgrader`;
without it, or without root (students as uids), the tests skip and say why.
"""
import hashlib
import shutil
import unittest

from exchange_env import COURSE_ID, EXAMPLE, Scratch, can_switch_uids, nbgrader_command, receipt_sha256, record


def submission_sha256(folder):
    """The grade record's submission_sha256 of a folder: sha256 of sorted 'path NUL sha256 LF'."""
    lines = b""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix().encode()
        lines += relative + b"\0" + hashlib.sha256(path.read_bytes()).hexdigest().encode() + b"\n"
    return hashlib.sha256(lines).hexdigest()


class NbgraderInterop(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.nbgrader, reason = nbgrader_command()
        reason = reason or can_switch_uids()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        self.scratch = Scratch()
        self.addCleanup(self.scratch.cleanup)
        self.course = self.scratch.example_course()
        self.exchange_flags = [f"--Exchange.root={self.scratch.exchange}", f"--course={COURSE_ID}"]

    def nbgrader_run(self, *args, student=None, cwd=None):
        done = self.scratch.run([*self.nbgrader, *args, *self.exchange_flags], student=student,
                                cwd=cwd or (self.scratch.home(student) if student else self.course))
        self.assertEqual(done.returncode, 0, f"nbgrader {args}: {done.stdout}{done.stderr}")
        return done

    def gradebox_ok(self, *args, student=None):
        done = self.scratch.gradebox(*args, student=student)
        self.assertEqual(done.returncode, 0, f"gradebox {args}: {done.stdout}{done.stderr}")
        return done

    def put_work(self, student, source_student):
        work = self.scratch.home(student) / "ps1"
        for name in ("problem1.ipynb", "problem2.ipynb"):
            (work / name).unlink()
            shutil.copy(EXAMPLE / "submitted" / source_student / "ps1" / name, work / name)

    def test_gradebox_release_to_nbgrader_students_to_gradebox_grading(self):
        for args in (("keygen",), ("release", "ps1"), ("release-assignment", "ps1")):
            self.gradebox_ok(*args, "--course", self.course)
        self.nbgrader_run("fetch_assignment", "ps1", student="alice")
        self.put_work("alice", "alice")
        self.nbgrader_run("submit", "ps1", student="alice")
        (entry,) = list((self.scratch.exchange / COURSE_ID / "inbound").iterdir())
        collected = self.gradebox_ok("collect", "ps1", "--course", self.course)
        self.assertIn("collected alice", collected.stdout)
        taken = self.course / "submitted" / "alice" / "ps1"
        self.assertEqual((taken / "timestamp.txt").read_bytes(), (entry / "timestamp.txt").read_bytes())
        self.gradebox_ok("autograde", "ps1", "--course", self.course)
        rec = record(self.course, "ps1", "alice")
        self.assertEqual(rec["status"], "graded")
        self.assertEqual(rec["submission_sha256"], submission_sha256(entry))
        # gradebox's published feedback is found by nbgrader's fetch_feedback (same hash).
        page = self.course / "feedback" / "alice" / "ps1" / "problem1.html"
        page.parent.mkdir(parents=True)
        page.write_text("<p>alice's feedback</p>")
        self.gradebox_ok("release-feedback", "ps1", "--course", self.course)
        self.nbgrader_run("fetch_feedback", "ps1", student="alice")
        (fetched,) = (self.scratch.home("alice") / "ps1" / "feedback").glob("*/problem1.html")
        self.assertEqual(fetched.read_text(), "<p>alice's feedback</p>")

    def test_nbgrader_release_to_gradebox_students_to_nbgrader_collect(self):
        release = self.course / "release" / "ps1"
        release.mkdir(parents=True)
        for name in ("problem1.ipynb", "problem2.ipynb"):
            shutil.copy(EXAMPLE / "submitted" / "bob" / "ps1" / name, release / name)
        self.nbgrader_run("release_assignment", "ps1")
        listed = self.gradebox_ok("list", student="bob")
        self.assertIn(f"{COURSE_ID} ps1", listed.stdout)
        self.gradebox_ok("fetch", "ps1", student="bob")
        submitted = self.gradebox_ok("submit", "ps1", "--no-validate", student="bob")
        self.nbgrader_run("collect", "ps1")
        taken = self.course / "submitted" / "bob" / "ps1"
        self.assertEqual(submission_sha256(taken), receipt_sha256(submitted.stdout))
        # nbgrader's released feedback is found by gradebox fetch-feedback.
        feedback = self.course / "feedback" / "bob" / "ps1"
        feedback.mkdir(parents=True)
        (feedback / "problem1.html").write_text("<p>bob's feedback</p>")
        for name in ("timestamp.txt", "submission_secret.txt"):
            shutil.copy(taken / name, feedback / name)
        self.nbgrader_run("release_feedback", "ps1")
        self.gradebox_ok("fetch-feedback", "ps1", student="bob")
        (fetched,) = (self.scratch.home("bob") / "ps1" / "feedback").glob("*/problem1.html")
        self.assertEqual(fetched.read_text(), "<p>bob's feedback</p>")


if __name__ == "__main__":
    unittest.main()
