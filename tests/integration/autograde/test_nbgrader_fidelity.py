"""gradebox against real nbgrader 0.9.5 on nbgrader's docs course and a small AUTOTEST course.

Expected outputs are nbgrader's own (tests/fixtures/*/release, see their READMEs): releases must be
byte-identical, including `### AUTOTEST` expansions whose values gradebox computes in its sandbox.
Also: task cells count in the maximum and are graded by hand, timestamps in named zones apply,
every cell scores as in nbgrader's gradebook and late penalties match nbgrader's export
(tests/fixtures/nbgrader-docs-course/nbgrader-autograde), and notebooks saved by another Jupyter
yield no tampering finding while a real tamper still does.
Environment: GRADEBOX, GRADEBOX_EXPORT, GRADEBOX_SOURCE_DIR.
"""
import base64
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

GRADEBOX = os.environ["GRADEBOX"]
GRADEBOX_EXPORT = os.environ["GRADEBOX_EXPORT"]
FIXTURES = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures"
DOCS = FIXTURES / "nbgrader-docs-course"
NBGRADER_OUTPUT = DOCS / "nbgrader-autograde"  # what real nbgrader 0.9.5 graded (see its README)
AUTOTEST = FIXTURES / "autotest-course"


def run(*args, timeout=600):
    return subprocess.run([GRADEBOX, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def scratch_course(fixture, *parts):
    """A temporary copy of `parts` of a fixture course, reachable by the sandbox's uid."""
    tmp = tempfile.TemporaryDirectory(prefix="gradebox-fidelity-")
    root = Path(tmp.name)
    root.chmod(0o755)
    for part in parts:
        source = fixture / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy(source, root / part)
    return tmp, root


def record(root, assignment, student):
    envelope = json.loads((root / "records" / assignment / f"{student}.json").read_text())
    return json.loads(base64.b64decode(envelope["payload"]))


class AutotestRelease(unittest.TestCase):
    """### AUTOTEST expands exactly as nbgrader's generate_assignment."""

    def assert_release_matches_nbgrader(self, fixture, parts, assignment, toml=""):
        tmp, root = scratch_course(fixture, *parts)
        with tmp:
            (root / "gradebox.toml").write_text(toml)
            done = run("release", assignment, "--course", root)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            expected = fixture / "release" / assignment
            released = root / "release" / assignment
            names = sorted(p.name for p in expected.iterdir())
            self.assertEqual(sorted(p.name for p in released.iterdir()), names)
            for name in names:
                with self.subTest(file=name):
                    self.assertEqual((released / name).read_bytes(), (expected / name).read_bytes())

    def test_docs_course_ps1_autotest_matches_nbgrader(self):
        self.assert_release_matches_nbgrader(DOCS, ("source", "autotests.yml"), "ps1_autotest")

    def test_assignment_level_templates_and_odd_separators_match_nbgrader(self):
        self.assert_release_matches_nbgrader(AUTOTEST, ("source",), "a1")

    def test_docs_course_ps1_still_matches_nbgrader(self):
        # nbgrader's docs built release/ps1 with source/header.ipynb as the header.
        self.assert_release_matches_nbgrader(DOCS, ("source",), "ps1",
                                             '[release]\nheader = "source/header.ipynb"\n')

    def test_untouched_release_and_wrong_answers_score_0_on_autotests(self):
        tmp, root = scratch_course(AUTOTEST, "source")
        with tmp:
            self.assertEqual(run("keygen", "--course", root).returncode, 0)
            self.assertEqual(run("release", "a1", "--course", root).returncode, 0)
            released = json.loads((root / "release/a1/types.ipynb").read_text())
            for student, answer in [("untouched", None), ("wrong", "count = 4\nratio = 0.5\nname = 'Bob'\n"
                                    "items = [1]\npair = ()\nunique = set()\ntable = {}\nflag = False\n"
                                    "nothing = 0\nlines = []\n"), ("right", None)]:
                nb = json.loads(json.dumps(released))
                if answer:
                    nb["cells"][1]["source"] = answer
                if student == "right":
                    nb = json.loads((AUTOTEST / "source/a1/types.ipynb").read_text())
                folder = root / "submitted" / student / "a1"
                folder.mkdir(parents=True)
                (folder / "types.ipynb").write_text(json.dumps(nb))
            done = run("autograde", "a1", "--course", root, "--json")
            self.assertIn(done.returncode, (0, 1), done.stderr)
            self.assertEqual(record(root, "a1", "untouched")["totals"]["points_milli"], 0)
            self.assertEqual(record(root, "a1", "wrong")["totals"]["points_milli"], 0)
            self.assertEqual(record(root, "a1", "right")["totals"]["points_milli"], 6000)

    def test_check_and_release_report_a_bad_autotests_yml(self):
        tmp, root = scratch_course(DOCS, "source")
        with tmp:
            (root / "autotests.yml").write_text("python3:\n  dispatch: [unclosed\n")
            for command in ("check", "release"):
                done = run(command, "ps1_autotest", "--course", root)
                self.assertEqual(done.returncode, 1, command)
                self.assertIn("autotests.yml", done.stderr + done.stdout)
                self.assertIn("invalid YAML", done.stderr + done.stdout)
            self.assertFalse((root / "release" / "ps1_autotest").exists())

    def test_release_reports_a_directive_in_a_cell_that_is_not_graded(self):
        tmp, root = scratch_course(DOCS, "source", "autotests.yml")
        with tmp:
            path = root / "source/ps1_autotest/problem1.ipynb"
            nb = json.loads(path.read_text())
            nb["cells"][2]["source"] = "### AUTOTEST 1 + 1\n"  # a solution cell
            path.write_text(json.dumps(nb))
            done = run("release", "ps1_autotest", "--course", root)
            self.assertEqual(done.returncode, 1)
            self.assertIn("problem1.ipynb", done.stderr)
            self.assertIn("not a grade cell", done.stderr)


def resave_as_another_jupyter(path):
    """What JupyterLab 4 with ipykernel writes for a notebook whose cells the student left alone."""
    nb = json.loads(path.read_text())
    nb["metadata"]["kernelspec"] = {"name": "python3", "language": "python",
                                    "display_name": "Python 3 (ipykernel)"}
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.12.4", "nbconvert_exporter": "python",
                                       "codemirror_mode": {"name": "ipython", "version": 3}}
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    nb["nbformat_minor"] = 5
    for index, cell in enumerate(nb["cells"]):
        cell["id"] = f"cell-{index}"
        cell["metadata"]["ExecuteTime"] = {"end_time": "2026-11-20T10:00:00.000Z"}
        cell["metadata"]["jupyter"] = {"source_hidden": False}
        if cell["cell_type"] == "code":
            cell["execution_count"] = index + 1
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["1e308\n"]}]
    path.write_text(json.dumps(nb, indent=1))
    return nb


class DocsCourseGrading(unittest.TestCase):
    """nbgrader's docs course: max 13 with its task cell, timestamps in America/Los_Angeles, the
    course's penalty_method "zero"; hacker's work resaved by another Jupyter ("resaved"), and
    resaved with a test edited ("tamperer")."""

    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.root = scratch_course(DOCS, "source", "submitted")
        root = cls.root
        shutil.copy(NBGRADER_OUTPUT / "nbgrader_config.py", root / "nbgrader_config.py")
        for student in ("resaved", "tamperer"):
            folder = root / "submitted" / student / "ps1"
            shutil.copytree(root / "submitted/hacker/ps1", folder)
            for name in ("problem1.ipynb", "problem2.ipynb"):
                resave_as_another_jupyter(folder / name)
        tampered = root / "submitted/tamperer/ps1/problem1.ipynb"
        nb = json.loads(tampered.read_text())
        test = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "correct_squares")
        test["source"] = "pass\n"
        tampered.write_text(json.dumps(nb, indent=1))
        assert run("keygen", "--course", root).returncode == 0
        assert run("release", "ps1", "--course", root).returncode == 0
        cls.autograde = run("autograde", "ps1", "--course", root, "--json")

    def test_cells_score_as_in_nbgrader(self):
        with open(NBGRADER_OUTPUT / "cells.csv") as f:
            expected = list(csv.DictReader(f))
        self.assertEqual(len(expected), 18)
        for student in ("bitdiddle", "hacker"):
            cells = {(c["notebook"], c["grade_id"]): c for c in record(self.root, "ps1", student)["cells"]}
            rows = [r for r in expected if r["student_id"] == student]
            self.assertEqual(sorted(cells), sorted((r["notebook"] + ".ipynb", r["grade_id"]) for r in rows))
            for row in rows:
                cell = cells[(row["notebook"] + ".ipynb", row["grade_id"])]
                with self.subTest(student=student, cell=row["grade_id"]):
                    self.assertEqual(cell["needs_manual_grade"], row["needs_manual_grade"] == "1")
                    self.assertEqual(cell["points_milli"], round(float(row["auto_score"] or 0) * 1000))

    def test_late_penalty_method_zero_exports_as_nbgrader(self):
        exported = subprocess.run([GRADEBOX_EXPORT, "--records", self.root / "records", "--trust",
                                   self.root / ".gradebox/keys/trust.json", "--format", "nbgrader",
                                   "--due", "2015-02-02 12:00:00 UTC"], capture_output=True, text=True)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        ours = {r["student_id"]: r for r in csv.DictReader(io.StringIO(exported.stdout))}
        with open(NBGRADER_OUTPUT / "grades.csv") as f:
            for theirs in csv.DictReader(f):
                student = theirs["student_id"]
                for column in ("raw_score", "late_submission_penalty", "score", "max_score"):
                    with self.subTest(student=student, column=column):
                        self.assertEqual(float(ours[student][column]), float(theirs[column]))
        self.assertEqual(record(self.root, "ps1", "bitdiddle")["late"]["penalty_method"], "zero")

    def test_late_policy_on_the_command_line_wins_over_the_course(self):
        exported = subprocess.run([GRADEBOX_EXPORT, "--records", self.root / "records", "--trust",
                                   self.root / ".gradebox/keys/trust.json", "--format", "nbgrader",
                                   "--due", "2015-02-02 12:00:00 UTC", "--late-policy", "none"],
                                  capture_output=True, text=True)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        row = next(r for r in csv.DictReader(io.StringIO(exported.stdout)) if r["student_id"] == "bitdiddle")
        self.assertEqual(float(row["late_submission_penalty"]), 0)

    def test_feedback_applies_the_course_penalty_method(self):
        done = run("feedback", "ps1", "--course", self.root, "--student", "bitdiddle",
                   "--due", "2015-02-02 12:00:00 UTC")
        self.assertEqual(done.returncode, 0, done.stderr)
        page = (self.root / "feedback/bitdiddle/ps1/problem1.html").read_text()
        self.assertIn("policy zero", page)
        self.assertIn("late penalty &minus;1.5", page)

    def test_notebooks_saved_by_jupyter_yield_no_finding(self):
        for student in ("hacker", "resaved"):
            with self.subTest(student=student):
                graded = record(self.root, "ps1", student)
                self.assertEqual(graded["tampering"], [])
                self.assertEqual(graded["notes"], [])
        points = lambda s: {c["grade_id"]: c["points_milli"] for c in record(self.root, "ps1", s)["cells"]}
        self.assertEqual(points("resaved"), points("hacker"))

    def test_bitdiddles_real_edits_of_two_tests_are_the_only_findings(self):
        # The docs course's bitdiddle commented out one test and emptied another.
        findings = record(self.root, "ps1", "bitdiddle")["tampering"]
        self.assertEqual(sorted((f["kind"], f["grade_id"]) for f in findings),
                         [("edited_test", "correct_squares"), ("edited_test", "squares_invalid_input")])
        self.assertEqual(record(self.root, "ps1", "bitdiddle")["notes"], [])

    def test_a_real_tamper_in_a_resaved_notebook_is_still_a_finding(self):
        findings = record(self.root, "ps1", "tamperer")["tampering"]
        self.assertEqual([(f["kind"], f["grade_id"]) for f in findings], [("edited_test", "correct_squares")])
        cells = {c["grade_id"]: c for c in record(self.root, "ps1", "tamperer")["cells"]}
        self.assertEqual(cells["correct_squares"]["points_milli"], 1000)  # the restored test ran

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_maximum_counts_the_task_cell(self):
        totals = record(self.root, "ps1", "bitdiddle")["totals"]
        self.assertEqual(totals["max_milli"], 13000)
        task = [c for c in record(self.root, "ps1", "bitdiddle")["cells"] if c["max_milli"] == 4000]
        self.assertEqual(len(task), 1)
        self.assertEqual(task[0]["points_milli"], 0)
        self.assertTrue(task[0]["manual"])
        self.assertTrue(task[0]["needs_manual_grade"])

    def test_named_zone_timestamps_are_converted(self):
        self.assertEqual(record(self.root, "ps1", "bitdiddle")["late"]["submitted_at"], "2015-02-02T22:58:23Z")
        self.assertEqual(record(self.root, "ps1", "hacker")["late"]["submitted_at"], "2015-02-01T17:28:58Z")

    def test_task_cell_is_graded_by_hand_and_counted_in_export_status_and_feedback(self):
        root = self.root
        task_id = next(c["grade_id"] for c in record(root, "ps1", "hacker")["cells"] if c["max_milli"] == 4000)
        done = run("grade-manual", "ps1", "hacker", task_id, "3.5", "--comment", "good plot", "--course", root)
        self.assertEqual(done.returncode, 0, done.stderr)
        before = record(root, "ps1", "hacker")["totals"]["points_milli"]
        exported = subprocess.run([GRADEBOX_EXPORT, "--records", root / "records", "--trust",
                                   root / ".gradebox/keys/trust.json", "--format", "nbgrader"],
                                  capture_output=True, text=True)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        row = next(r for r in csv.DictReader(io.StringIO(exported.stdout)) if r["student_id"] == "hacker")
        self.assertEqual(float(row["max_score"]), 13)
        self.assertEqual(float(row["raw_score"]), before / 1000 + 3.5)
        status = json.loads(run("status", "ps1", "--course", root, "--json").stdout)
        self.assertIn("13", json.dumps(status))
        feedback = run("feedback", "ps1", "--course", root, "--student", "hacker")
        self.assertEqual(feedback.returncode, 0, feedback.stderr)
        page = (root / "feedback/hacker/ps1/problem1.html").read_text()
        self.assertIn(task_id, page)
        self.assertIn("3.5", page)
        self.assertIn("good plot", page)

    def test_an_unparseable_timestamp_is_an_error_record_naming_file_and_content(self):
        tmp, root = scratch_course(DOCS, "source", "submitted")
        with tmp:
            self.assertEqual(run("keygen", "--course", root).returncode, 0)
            self.assertEqual(run("release", "ps1", "--course", root).returncode, 0)
            (root / "submitted/hacker/ps1/timestamp.txt").write_text("last tuesday\n")
            done = run("autograde", "ps1", "--course", root, "--json")
            self.assertEqual(done.returncode, 0)  # an error record; the run itself succeeds
            hacker = record(root, "ps1", "hacker")
            self.assertEqual(hacker["status"], "error")
            self.assertIn("timestamp.txt", hacker["error"])
            self.assertIn("last tuesday", hacker["error"])
            self.assertEqual(record(root, "ps1", "bitdiddle")["status"], "graded")


if __name__ == "__main__":
    unittest.main()
