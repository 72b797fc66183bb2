"""`gradebox autograde` and `gradebox validate` on nbgrader's fixture cases, driving the real binary.

Each test builds a small course in a temporary directory (source/ from a fixture, `gradebox keygen`,
`gradebox release`), puts submissions under submitted/, runs autograde and reads the signed
records (DSSE envelope, base64 payload) for the expected scores. Environment: GRADEBOX (the
gradebox executable) and GRADEBOX_SOURCE_DIR (the repository).
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

GRADEBOX = os.environ["GRADEBOX"]
FIXTURES = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures" / "nbgrader"


def run(*args, check=True, timeout=300):
    done = subprocess.run([GRADEBOX, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check and done.returncode not in (0, 1):
        raise AssertionError(f"gradebox {' '.join(map(str, args))} exited {done.returncode}:\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


class Course:
    """A throw-away course: source/<a>/<notebook> from a fixture, released, key generated."""

    def __init__(self, source, name="nb.ipynb", extra=(), toml=""):
        self.tmp = tempfile.TemporaryDirectory(prefix="gradebox-autograde-test-")
        self.root = Path(self.tmp.name)
        self.assignment = "ps"
        self.name = name
        src = self.root / "source" / self.assignment
        src.mkdir(parents=True)
        shutil.copy(FIXTURES / source, src / name)
        for extra_file in extra:
            shutil.copy(FIXTURES / extra_file, src / Path(extra_file).name)
        if toml:
            (self.root / "gradebox.toml").write_text(toml)
        keygen = run("keygen", "--course", self.root)
        assert keygen.returncode == 0, keygen.stderr
        release = run("release", self.assignment, "--course", self.root)
        assert release.returncode == 0, release.stdout + release.stderr

    def released(self):
        return self.root / "release" / self.assignment / self.name

    def submit(self, student, fixture=None):
        """Submits a fixture notebook (or the release unchanged when fixture is None)."""
        folder = self.root / "submitted" / student / self.assignment
        folder.mkdir(parents=True)
        shutil.copy(FIXTURES / fixture if fixture else self.released(), folder / self.name)
        (folder / "timestamp.txt").write_text("2026-11-19 18:02:11.000000 UTC\n")
        return folder

    def autograde(self, *args):
        done = run("autograde", self.assignment, "--course", self.root, "--json", *args)
        return done, json.loads(done.stdout)

    def record(self, student):
        envelope = json.loads((self.root / "records" / self.assignment / f"{student}.json").read_text())
        return json.loads(base64.b64decode(envelope["payload"]))

    def autograded(self, student):
        path = self.root / "autograded" / student / self.assignment / self.name
        return json.loads(path.read_text())

    def close(self):
        self.tmp.cleanup()


def cells_by_id(record):
    return {c["grade_id"]: c for c in record["cells"]}


def execution(nb, index):
    return nb["cells"][index]["metadata"].get("gradebox", {})


class SubmittedFamily(unittest.TestCase):
    """The 7-cell "submitted" family (max 7): one course, every variant as a student."""

    @classmethod
    def setUpClass(cls):
        cls.course = Course("apps/submitted-unchanged.ipynb")
        for student, fixture in [("unchanged", "apps/submitted-unchanged.ipynb"),
                                 ("changed", "apps/submitted-changed.ipynb"),
                                 ("cheat", "apps/submitted-cheat-attempt.ipynb"),
                                 ("cheat2", "apps/submitted-cheat-attempt-alternative.ipynb"),
                                 ("gradecell", "apps/submitted-grade-cell-changed.ipynb"),
                                 ("lockedcell", "apps/submitted-locked-cell-changed.ipynb"),
                                 ("typechanged", "preprocessors/submitted-grade-cell-type-changed.ipynb")]:
            cls.course.submit(student, fixture)
        cls.course.submit("malformed").joinpath(cls.course.name).write_text("{not json")
        cls.done, cls.summary = cls.course.autograde("--jobs", "2")

    @classmethod
    def tearDownClass(cls):
        cls.course.close()

    def totals(self, student):
        return self.course.record(student)["totals"]

    def test_unchanged_scores_1_of_7(self):
        self.assertEqual(self.totals("unchanged"), {"points_milli": 1000, "max_milli": 7000, "manual_pending": 0})

    def test_changed_scores_2_of_7_with_manual_pending(self):
        self.assertEqual(self.totals("changed"), {"points_milli": 2000, "max_milli": 7000, "manual_pending": 2})

    def test_cheat_attempts_still_score_1(self):
        for student in ("cheat", "cheat2"):
            with self.subTest(student=student):
                self.assertEqual(self.totals(student)["points_milli"], 1000)
                self.assertEqual(cells_by_id(self.course.record(student))["bar"]["verdict"], "error")

    def test_tampering_is_restored_and_recorded(self):
        kinds = lambda s: sorted(f["kind"] for f in self.course.record(s)["tampering"])
        self.assertEqual(kinds("gradecell"), ["edited_test"])
        self.assertEqual(kinds("lockedcell"), ["edited_locked_cell", "edited_locked_cell"])
        self.assertIn("changed_cell_type", kinds("typechanged"))
        nb = self.course.autograded("gradecell")
        self.assertEqual("".join(nb["cells"][2]["source"]), "assert a == 1")

    def test_malformed_notebook_gets_an_error_record_and_others_go_on(self):
        record = self.course.record("malformed")
        self.assertEqual(record["status"], "error")
        self.assertIn("nb.ipynb", record["error"])
        self.assertEqual(record["totals"]["max_milli"], 7000)
        self.assertEqual(self.done.returncode, 1)
        self.assertIn("malformed", self.done.stderr)
        statuses = {s["student"]: s["status"] for s in self.summary["submissions"]}
        self.assertEqual(statuses.pop("malformed"), "error")
        self.assertTrue(all(v == "graded" for v in statuses.values()), statuses)

    def test_autograded_notebook_has_outputs_and_scores(self):
        nb = self.course.autograded("changed")
        foo = nb["cells"][1]
        self.assertEqual(foo["metadata"]["gradebox"]["verdict"], "ok")
        self.assertEqual(foo["metadata"]["gradebox"]["score"]["points"], 1.0)
        self.assertIn("Success!", "".join(o.get("text", "") for o in foo["outputs"]))

    def test_second_run_skips_unchanged_submissions_and_force_regrades(self):
        _, again = self.course.autograde("--student", "changed", "--student", "unchanged")
        self.assertEqual({s["status"] for s in again["submissions"]}, {"skipped"})
        _, forced = self.course.autograde("--student", "changed", "--force")
        self.assertEqual(forced["submissions"][0]["status"], "graded")
        self.assertEqual(forced["submissions"][0]["points_milli"], 2000)

    def test_shards_cover_every_student_exactly_once(self):
        seen = []
        for i in range(3):
            _, shard = self.course.autograde("--shard", f"{i}/3")
            seen += [s["student"] for s in shard["submissions"]]
        self.assertEqual(sorted(seen), sorted(s["student"] for s in self.summary["submissions"]))

    def test_status_counts(self):
        status = json.loads(run("status", "ps", "--course", self.course.root, "--json").stdout)
        self.assertEqual(status["submitted"], 8)
        self.assertEqual(status["errored"], 1)
        self.assertGreaterEqual(status["pending_manual"], 1)


class HiddenTests(unittest.TestCase):
    def test_hidden_tests_score_1_5_and_validate_succeeds(self):
        course = Course("apps/test-hidden-tests.ipynb")
        try:
            course.submit("student")
            course.autograde()
            self.assertEqual(course.record("student")["totals"]["points_milli"], 1500)
            validate = run("validate", course.released())
            self.assertEqual(validate.returncode, 0, validate.stdout + validate.stderr)
            self.assertEqual(validate.stdout, "Success! Your notebook passes all the tests.\n")
        finally:
            course.close()


class Timeouts(unittest.TestCase):
    def grade(self, seconds):
        course = Course("apps/timeout.ipynb", toml=f"[autograde]\ncell_timeout_seconds = {seconds}\n")
        try:
            course.submit("student")
            course.autograde()
            return course.record("student"), course.autograded("student")
        finally:
            course.close()

    def test_timeout_2s_scores_0(self):
        record, nb = self.grade(2)
        self.assertEqual(record["totals"]["points_milli"], 0)
        self.assertEqual(execution(nb, 0)["verdict"], "timeout")

    def test_timeout_30s_passes(self):
        record, _ = self.grade(30)
        self.assertEqual(record["totals"]["points_milli"], 1000)


class Runaways(unittest.TestCase):
    """Notebooks without graded cells: the verdict and the written notebook are what matter."""

    def grade(self, fixture, toml="", extra=()):
        course = Course(fixture, toml=toml, extra=extra)
        self.addCleanup(course.close)
        course.submit("student")
        done, summary = course.autograde()
        return course, done, summary

    def test_infinite_loop_times_out_and_the_notebook_is_written(self):
        course, _, _ = self.grade("apps/infinite-loop.ipynb", "[autograde]\ncell_timeout_seconds = 2\n")
        nb = course.autograded("student")
        self.assertEqual(execution(nb, 0)["verdict"], "timeout")
        self.assertEqual(nb["cells"][0]["outputs"][-1]["ename"], "CellTimeoutError")

    def test_infinite_loop_with_output_is_stopped_by_the_memory_limit(self):
        course, _, _ = self.grade("apps/infinite-loop-with-output.ipynb",
                                  "[limits]\nmemory_mib = 256\n[autograde]\ncell_timeout_seconds = 60\n")
        self.assertEqual(execution(course.autograded("student"), 0)["verdict"], "memory_limit")

    def test_side_effects_stay_in_the_grading_dir(self):
        course, _, _ = self.grade("apps/side-effects.ipynb")
        self.assertTrue((course.root / "autograded/student/ps/side-effect.txt").exists())
        self.assertFalse((course.root / "submitted/student/ps/side-effect.txt").exists())

    def test_open_relative_file_runs_in_the_notebook_dir(self):
        course, _, _ = self.grade("apps/open_relative_file.ipynb", extra=["apps/data.txt"])
        self.assertEqual(course.record("student")["totals"]["points_milli"], 10000)

    def test_long_output_is_capped(self):
        course, _, _ = self.grade("preprocessors/long-output.ipynb")
        outputs = course.autograded("student")["cells"][0]["outputs"]
        text = "".join(o.get("text", "") for o in outputs)
        self.assertLessEqual(text.count("\n"), 1001)
        self.assertIn("truncated", text)

    def test_infinite_recursion_traceback_is_capped(self):
        course, _, _ = self.grade("preprocessors/infinite-recursion.ipynb")
        nb = course.autograded("student")
        self.assertEqual(execution(nb, 0)["verdict"], "error")
        errors = [o for o in nb["cells"][0]["outputs"] if o["output_type"] == "error"]
        self.assertEqual(errors[0]["ename"], "RecursionError")
        self.assertLessEqual(len(errors[0]["traceback"]), 100)


class EnvironmentVariable(unittest.TestCase):
    def test_validating_environment_variable_fails_in_both(self):
        course = Course("apps/validating-environment-variable.ipynb")
        try:
            course.submit("student")
            course.autograde()
            self.assertEqual(course.record("student")["totals"]["points_milli"], 0)
            validate = run("validate", course.released())
            self.assertEqual(validate.returncode, 1)
            self.assertTrue(validate.stdout.startswith("VALIDATION FAILED ON 1 CELL(S)!"), validate.stdout)
        finally:
            course.close()


class Validate(unittest.TestCase):
    def test_changed_test_cell_is_reported(self):
        done = run("validate", FIXTURES / "apps/submitted-grade-cell-changed.ipynb")
        self.assertEqual(done.returncode, 1)
        self.assertTrue(done.stdout.startswith("THE CONTENTS OF 1 TEST CELL(S) HAVE CHANGED!"), done.stdout)
        self.assertIn("The following cell has changed:", done.stdout)

    def test_changed_locked_cells_are_reported(self):
        done = run("validate", "--json", FIXTURES / "apps/submitted-locked-cell-changed.ipynb")
        result = json.loads(done.stdout)[0]
        self.assertEqual(result["status"], "changed")
        self.assertEqual(len(result["changed"]), 2)

    def test_changed_cell_type_is_reported(self):
        done = run("validate", FIXTURES / "preprocessors/submitted-grade-cell-type-changed.ipynb")
        self.assertEqual(done.returncode, 1)
        self.assertTrue(done.stdout.startswith("THE TYPES OF 1 CELL(S) HAVE CHANGED!"), done.stdout)
        self.assertIn("The following markdown cell has changed to a code cell:", done.stdout)

    def test_failures_are_listed_with_nbgraders_message(self):
        done = run("validate", FIXTURES / "apps/submitted-unchanged.ipynb")
        self.assertEqual(done.returncode, 1)
        self.assertTrue(done.stdout.startswith(
            "VALIDATION FAILED ON 3 CELL(S)! If you submit your assignment as it is, you WILL NOT\n"
            "receive full credit.\n" + "=" * 90 + "\nThe following cell failed:\n\n    assert a == 1\n"),
            done.stdout)
        self.assertIn("You did not provide a response.", done.stdout)

    def test_validation_zero_points_still_fails(self):
        done = run("validate", FIXTURES / "apps/validation-zero-points.ipynb")
        self.assertEqual(done.returncode, 1, done.stdout)

    def test_file_is_not_modified(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "nb.ipynb"
            shutil.copy(FIXTURES / "apps/submitted-changed.ipynb", path)
            before = path.read_bytes()
            run("validate", path)
            self.assertEqual(path.read_bytes(), before)


if __name__ == "__main__":
    unittest.main()
