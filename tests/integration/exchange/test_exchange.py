"""The nbgrader exchange: layout and modes, students as distinct uids, the whole cycle.

See exchange_env.py for how students get their own uids and login names.
"""
import os
import shutil
import stat
import unittest
from pathlib import Path

from exchange_env import COURSE_ID, EXAMPLE, STUDENTS, Scratch, can_switch_uids, receipt_sha256, record


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def hand_made_release(course):
    """release/ps1 from alice's example notebooks (no sandbox needed to make it)."""
    release = course / "release" / "ps1"
    release.mkdir(parents=True)
    for name in ("problem1.ipynb", "problem2.ipynb"):
        shutil.copy(EXAMPLE / "submitted" / "alice" / "ps1" / name, release / name)
    shutil.copy(EXAMPLE / "source" / "ps1" / "words.txt", release / "words.txt")
    return release


class ExchangeLayout(unittest.TestCase):
    """release-assignment writes nbgrader's layout and modes and guards a release already out."""

    def setUp(self):
        self.scratch = Scratch() if os.geteuid() == 0 else None
        if not self.scratch:
            self.skipTest("needs root (the exchange's modes and the students' uids)")
        self.course = self.scratch.example_course()
        self.release = hand_made_release(self.course)

    def tearDown(self):
        if self.scratch:
            self.scratch.cleanup()

    def release_assignment(self, *extra):
        return self.scratch.gradebox("release-assignment", "ps1", "--course", self.course, *extra)

    def test_layout_and_modes_are_nbgrader_s(self):
        done = self.release_assignment()
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        ex = self.scratch.exchange
        self.assertEqual(mode(ex), 0o1777)
        self.assertEqual(mode(ex / COURSE_ID), 0o755)
        self.assertEqual(mode(ex / COURSE_ID / "outbound"), 0o755)
        self.assertEqual(mode(ex / COURSE_ID / "inbound"), 0o2733)
        released = ex / COURSE_ID / "outbound" / "ps1"
        self.assertEqual(mode(released), 0o755)
        self.assertEqual(sorted(p.name for p in released.iterdir()),
                         ["problem1.ipynb", "problem2.ipynb", "words.txt"])
        for path in released.iterdir():
            self.assertEqual(mode(path), 0o644, path)
            self.assertEqual(path.read_bytes(), (self.release / path.name).read_bytes())

    def test_a_release_already_out_is_replaced_only_with_force(self):
        self.assertEqual(self.release_assignment().returncode, 0)
        again = self.release_assignment()
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("unchanged", again.stdout)
        (self.release / "words.txt").write_text("changed\n")
        refused = self.release_assignment()
        self.assertEqual(refused.returncode, 1)
        self.assertIn("may have fetched it", refused.stderr)
        self.assertIn("--force", refused.stderr)
        forced = self.release_assignment("--force")
        self.assertEqual(forced.returncode, 0, forced.stderr)
        out = self.scratch.exchange / COURSE_ID / "outbound" / "ps1" / "words.txt"
        self.assertEqual(out.read_text(), "changed\n")

    def test_a_course_folder_planted_by_someone_else_is_refused(self):
        (self.scratch.exchange / COURSE_ID).mkdir(parents=True)
        os.chown(self.scratch.exchange / COURSE_ID, 4303, 4303)
        done = self.release_assignment()
        self.assertEqual(done.returncode, 1)
        self.assertIn("owned by uid 4303", done.stderr)

    def test_an_assignment_only_in_source_says_to_release_it_first(self):
        shutil.rmtree(self.release)
        done = self.release_assignment()
        self.assertEqual(done.returncode, 1)
        self.assertIn("gradebox release ps1", done.stderr)


class StudentUids(unittest.TestCase):
    """Students as uids 4301-4303 sharing one exchange: fetch, submit, and nobody else's work."""

    @classmethod
    def setUpClass(cls):
        reason = can_switch_uids()
        if reason:
            raise unittest.SkipTest(reason)

    def setUp(self):
        self.scratch = Scratch()
        self.course = self.scratch.example_course()
        hand_made_release(self.course)
        done = self.scratch.gradebox("release-assignment", "ps1", "--course", self.course)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.inbound = self.scratch.exchange / COURSE_ID / "inbound"

    def tearDown(self):
        self.scratch.cleanup()

    def fetch_and_submit(self, student, *extra):
        fetched = self.scratch.gradebox("fetch", "ps1", student=student)
        self.assertEqual(fetched.returncode, 0, fetched.stdout + fetched.stderr)
        return self.scratch.gradebox("submit", "ps1", "--no-validate", *extra, student=student)

    def test_fetch_then_submit_writes_a_private_submission_and_a_receipt(self):
        fetched = self.scratch.gradebox("fetch", "ps1", student="alice")
        self.assertEqual(fetched.returncode, 0, fetched.stderr)
        copy = self.scratch.home("alice") / "ps1"
        self.assertEqual(os.stat(copy / "problem1.ipynb").st_uid, STUDENTS["alice"])
        again = self.scratch.gradebox("fetch", "ps1", student="alice")
        self.assertEqual(again.returncode, 1)
        self.assertIn("already have a copy", again.stderr)
        (copy / "words.txt").unlink()
        replaced = self.scratch.gradebox("fetch", "ps1", "--replace", student="alice")
        self.assertEqual(replaced.returncode, 0, replaced.stderr)
        self.assertTrue((copy / "words.txt").exists())

        submitted = self.scratch.gradebox("submit", "ps1", "--no-validate", student="alice")
        self.assertEqual(submitted.returncode, 0, submitted.stdout + submitted.stderr)
        self.assertIsNotNone(receipt_sha256(submitted.stdout), submitted.stdout)
        (entry,) = list(self.inbound.iterdir())
        student, assignment, timestamp, random = entry.name.split("+")
        self.assertEqual((student, assignment), ("alice", "ps1"))
        self.assertRegex(timestamp, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} UTC$")
        self.assertEqual(len(random), 12)
        self.assertEqual(mode(entry), 0o777)
        self.assertEqual(os.stat(entry).st_uid, STUDENTS["alice"])
        self.assertEqual((entry / "timestamp.txt").read_text(), timestamp)
        self.assertEqual(len((entry / "submission_secret.txt").read_text()), 128)
        cache = self.scratch.home("alice") / ".local/share/jupyter/nbgrader_cache" / COURSE_ID
        self.assertTrue((cache / f"alice+ps1+{timestamp}" / "submission_secret.txt").exists())
        listed = self.scratch.gradebox("list", student="alice")
        self.assertIn(f"{COURSE_ID} ps1 (already downloaded)", listed.stdout)
        self.assertIn(f"{COURSE_ID} alice ps1 {timestamp} (no feedback available)", listed.stdout)

    def test_submit_refuses_what_is_not_a_notebook_and_oversize_folders(self):
        self.scratch.gradebox("fetch", "ps1", student="bob")
        bad = self.scratch.home("bob") / "ps1" / "problem1.ipynb"
        os.chmod(bad, 0o666)
        bad.write_text("not json {")
        refused = self.scratch.gradebox("submit", "ps1", "--no-validate", student="bob")
        self.assertEqual(refused.returncode, 1)
        self.assertIn("not a notebook", refused.stderr)
        self.assertIn("problem1.ipynb", refused.stderr)
        shutil.copy(EXAMPLE / "submitted" / "bob" / "ps1" / "problem1.ipynb", bad)
        # The student's own settings (gradebox.toml in the current directory): 1 kB in all.
        (self.scratch.home("bob") / "gradebox.toml").write_text("[exchange]\nmax_dir_kb = 1\n")
        too_big = self.scratch.gradebox("submit", "ps1", "--no-validate", student="bob")
        self.assertEqual(too_big.returncode, 1, too_big.stderr)
        self.assertIn("max_dir_size", too_big.stderr)
        self.assertEqual(list(self.inbound.iterdir()), [])

    def test_one_student_cannot_read_list_or_take_over_another_s_work(self):
        self.assertEqual(self.fetch_and_submit("alice").returncode, 0)
        (alice_entry,) = list(self.inbound.iterdir())
        # mallory cannot list inbound/ nor write into outbound/, and cannot read alice's cache.
        probe = self.scratch.run(
            ["/usr/bin/python3", "-c",
             "import os, sys\n"
             "def denied(f):\n"
             "    try: f(); return False\n"
             "    except PermissionError: return True\n"
             f"print(denied(lambda: os.listdir({str(self.inbound)!r})),"
             f" denied(lambda: open({str(self.scratch.exchange / COURSE_ID / 'outbound' / 'ps1' / 'x')!r}, 'w')),"
             f" denied(lambda: os.listdir({str(self.scratch.home('alice'))!r})))"],
            student="mallory")
        self.assertEqual(probe.stdout.strip(), "True True True", probe.stderr)
        # mallory submits in alice's name, later than alice: collect refuses it, alice's counts.
        impostor = self.fetch_and_submit("mallory", "--student", "alice")
        self.assertEqual(impostor.returncode, 0, impostor.stderr)
        collected = self.scratch.gradebox("collect", "ps1", "--course", self.course)
        self.assertEqual(collected.returncode, 1, collected.stdout + collected.stderr)
        self.assertIn("claims to be submitted by alice but is owned by mallory", collected.stderr)
        taken = self.course / "submitted" / "alice" / "ps1"
        self.assertEqual((taken / "timestamp.txt").read_text(), (alice_entry / "timestamp.txt").read_text())

    def test_collect_keeps_an_earlier_submission_and_logs_what_it_took(self):
        first = self.fetch_and_submit("bob")
        self.assertEqual(self.scratch.gradebox("collect", "ps1", "--course", self.course).returncode, 0)
        second = self.scratch.gradebox("submit", "ps1", "--no-validate", student="bob")
        self.assertEqual(second.returncode, 0, second.stderr)
        without_update = self.scratch.gradebox("collect", "ps1", "--course", self.course)
        self.assertIn("use --update", without_update.stdout)
        updated = self.scratch.gradebox("collect", "ps1", "--update", "--course", self.course)
        self.assertEqual(updated.returncode, 0, updated.stdout + updated.stderr)
        self.assertIn("replaced the collected submission", updated.stderr)
        kept = list((self.course / "submitted" / "bob" / ".replaced" / "ps1").iterdir())
        self.assertEqual(len(kept), 1)
        log = (self.course / ".gradebox" / "collect" / "ps1.log").read_text()
        self.assertIn(receipt_sha256(first.stdout), log)
        self.assertIn(receipt_sha256(second.stdout), log)

    def test_feedback_reaches_its_author_only(self):
        for student in ("alice", "mallory"):
            self.assertEqual(self.fetch_and_submit(student).returncode, 0)
        self.assertEqual(self.scratch.gradebox("collect", "ps1", "--course", self.course).returncode, 0)
        for student in ("alice", "mallory"):
            page = self.course / "feedback" / student / "ps1" / "problem1.html"
            page.parent.mkdir(parents=True)
            page.write_text(f"<p>feedback for {student}</p>")
        released = self.scratch.gradebox("release-feedback", "ps1", "--course", self.course)
        self.assertEqual(released.returncode, 0, released.stdout + released.stderr)
        feedback = self.scratch.exchange / COURSE_ID / "feedback"
        self.assertEqual(mode(feedback), 0o711)
        for student in ("alice", "mallory"):
            fetched = self.scratch.gradebox("fetch-feedback", "ps1", student=student)
            self.assertEqual(fetched.returncode, 0, fetched.stdout + fetched.stderr)
            (page,) = (self.scratch.home(student) / "ps1" / "feedback").glob("*/problem1.html")
            self.assertEqual(page.read_text(), f"<p>feedback for {student}</p>")
        probe = self.scratch.run(["/bin/ls", feedback], student="mallory")
        self.assertNotEqual(probe.returncode, 0)


class GradeCycle(unittest.TestCase):
    """release -> release-assignment -> fetch/submit as uids -> collect -> autograde: the receipt's
    SHA-256 is the grade record's submission_sha256."""

    @classmethod
    def setUpClass(cls):
        reason = can_switch_uids()
        if reason:
            raise unittest.SkipTest(reason)

    def test_receipt_matches_the_grade_record(self):
        scratch = Scratch()
        self.addCleanup(scratch.cleanup)
        course = scratch.example_course()
        for args in (("keygen",), ("release", "ps1"), ("release-assignment", "ps1")):
            done = scratch.gradebox(*args, "--course", course)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertEqual(scratch.gradebox("fetch", "ps1", student="alice").returncode, 0)
        work = scratch.home("alice") / "ps1"
        for name in ("problem1.ipynb", "problem2.ipynb"):
            os.chmod(work / name, 0o666)
            shutil.copy(EXAMPLE / "submitted" / "alice" / "ps1" / name, work / name)
        submitted = scratch.gradebox("submit", "ps1", student="alice")
        self.assertEqual(submitted.returncode, 0, submitted.stdout + submitted.stderr)
        self.assertIn("validate", submitted.stdout)
        self.assertEqual(scratch.gradebox("collect", "ps1", "--course", course).returncode, 0)
        graded = scratch.gradebox("autograde", "ps1", "--course", course)
        self.assertEqual(graded.returncode, 0, graded.stdout + graded.stderr)
        rec = record(course, "ps1", "alice")
        self.assertEqual(rec["submission_sha256"], receipt_sha256(submitted.stdout))


if __name__ == "__main__":
    unittest.main()
