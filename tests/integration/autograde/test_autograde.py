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
        # The sandbox runs student code as an unprivileged uid that must reach the grading dir.
        self.root.chmod(0o755)
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
        self.assertEqual(self.done.returncode, 0)  # a student's error never fails the run
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
    def test_hidden_tests_score_1_5_and_validate_reports_them(self):
        course = Course("apps/test-hidden-tests.ipynb")
        try:
            course.submit("student", "apps/test-hidden-tests.ipynb")
            course.autograde()
            self.assertEqual(course.record("student")["totals"]["points_milli"], 1500)
            # As nbgrader: hidden tests present in the notebook run, and their failures count.
            validate = run("validate", FIXTURES / "apps/test-hidden-tests.ipynb")
            self.assertEqual(validate.returncode, 1, validate.stdout + validate.stderr)
            self.assertTrue(validate.stdout.startswith("VALIDATION FAILED ON 2 CELL(S)!"), validate.stdout)
            self.assertIn("assert squares(11) ==", validate.stdout)
        finally:
            course.close()


class Timeouts(unittest.TestCase):
    def grade(self, seconds):
        course = Course("apps/timeout.ipynb", toml=f"[autograde]\ncell_timeout_seconds = {seconds}\n")
        try:
            course.submit("student", "apps/timeout.ipynb")
            course.autograde()
            return course.record("student"), course.autograded("student")
        finally:
            course.close()

    def test_timeout_2s_scores_0(self):
        record, nb = self.grade(2)
        self.assertEqual(record["totals"]["points_milli"], 0)
        self.assertEqual(execution(nb, 1)["verdict"], "timeout")  # the test cell calling foo()

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
        nb = course.autograded("student")
        self.assertEqual(execution(nb, 0)["verdict"], "memory_limit")
        # The kernel's name for the same verdict (test_kernel_resilience.py), and no sandbox
        # internals in what the feedback shows the student.
        errors = [o for o in nb["cells"][0]["outputs"] if o["output_type"] == "error"]
        self.assertEqual(errors[-1]["ename"], "MemoryLimitError")
        self.assertIn("ran out of memory (limit 256 MiB)", errors[-1]["evalue"])
        for error in errors:
            for word in ("memory.max", "memory.events", "cgroup", "oom_kill", "RLIMIT"):
                self.assertNotIn(word, error["evalue"] + "".join(error["traceback"]))

    def test_side_effects_stay_in_the_sessions_scratch(self):
        # What a session writes is never kept: neither in the submission nor in autograded/.
        course, _, _ = self.grade("apps/side-effects.ipynb")
        self.assertFalse((course.root / "autograded/student/ps/side-effect.txt").exists())
        self.assertFalse((course.root / "submitted/student/ps/side-effect.txt").exists())
        self.assertTrue((course.root / "autograded/student/ps" / course.name).exists())

    def test_open_relative_file_runs_in_the_notebook_dir(self):
        course, _, _ = self.grade("apps/open_relative_file.ipynb", extra=["apps/data.txt"])
        self.assertEqual(course.record("student")["totals"]["points_milli"], 10000)

    def test_long_output_is_capped(self):
        course, _, _ = self.grade("preprocessors/long-output.ipynb")
        outputs = course.autograded("student")["cells"][0]["outputs"]
        text = "".join(o.get("text", "") for o in outputs)
        self.assertLessEqual(text.count("\n"), 1001)
        self.assertEqual(text.count("truncated"), 1)  # one notice, from the runtime

    def test_infinite_recursion_traceback_is_capped(self):
        course, _, _ = self.grade("preprocessors/infinite-recursion.ipynb")
        nb = course.autograded("student")
        self.assertEqual(execution(nb, 0)["verdict"], "error")
        errors = [o for o in nb["cells"][0]["outputs"] if o["output_type"] == "error"]
        self.assertEqual(errors[0]["ename"], "RecursionError")
        traceback = errors[0]["traceback"]
        self.assertLessEqual(len(traceback), 100)
        # The last line, which names the error, survives, after at most one notice (IPython
        # folds the repeated frames, so this one may fit the cap).
        self.assertIn("RecursionError", traceback[-1])
        self.assertLessEqual(sum("traceback lines not shown" in line for line in traceback), 1)


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


class LimitsFromCode(unittest.TestCase):
    def test_code_reads_the_course_limits_from_the_environment(self):
        course = MadeCourse(
            toml="[limits]\nmemory_mib = 300\n[autograde]\ncell_timeout_seconds = 7\n")
        self.addCleanup(course.close)
        course.submit_answer("student", (
            "import os\n"
            "print(sorted((k, v) for k, v in os.environ.items()\n"
            "             if k.startswith('GRADEBOX_LIMIT_')))\n"
            + RIGHT))
        course.autograde()
        printed = course.outputs_text("student")
        self.assertIn(f"('GRADEBOX_LIMIT_MEMORY_BYTES', '{300 << 20}')", printed)
        self.assertIn("('GRADEBOX_LIMIT_CELL_TIMEOUT_SECONDS', '7')", printed)
        self.assertEqual(course.record("student")["totals"]["points_milli"], 3000)


class Validate(unittest.TestCase):
    def test_changed_test_cell_is_reported(self):
        done = run("validate", FIXTURES / "apps/submitted-grade-cell-changed.ipynb")
        self.assertEqual(done.returncode, 1)
        self.assertTrue(done.stdout.startswith("THE CONTENTS OF 1 TEST CELL(S) HAVE CHANGED!"), done.stdout)
        self.assertIn("The following cell has changed:", done.stdout)

    def test_changed_locked_cells_are_reported(self):
        done = run("validate", "--json", FIXTURES / "apps/submitted-locked-cell-changed.ipynb")
        result = json.loads(done.stdout)["notebooks"][0]
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

    def test_invert_reports_passing_tests(self):
        done = run("validate", "--invert", FIXTURES / "apps/submitted-unchanged.ipynb")
        self.assertEqual(done.returncode, 1, done.stdout)
        self.assertTrue(done.stdout.startswith("NOTEBOOK PASSED ON 1 CELL(S)!\n" + "=" * 90 +
                                               "\nThe following cell passed:\n\n"), done.stdout)
        done = run("validate", "--invert", "--json", FIXTURES / "apps/test-hidden-tests.ipynb")
        result = json.loads(done.stdout)["notebooks"][0]
        self.assertEqual(done.returncode, 1)
        self.assertEqual(result["status"], "passed")
        self.assertEqual(len(result["passed"]), 2)  # the two tests without failing hidden parts

    def test_file_is_not_modified(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp).chmod(0o755)
            path = Path(tmp) / "nb.ipynb"
            shutil.copy(FIXTURES / "apps/submitted-changed.ipynb", path)
            before = path.read_bytes()
            run("validate", path)
            self.assertEqual(path.read_bytes(), before)


class ExampleCourse(unittest.TestCase):
    """examples/course end to end: alice correct, bob partial, mallory hostile."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gradebox-example-")
        Path(cls.tmp.name).chmod(0o755)  # reachable by the sandbox's unprivileged uid
        cls.root = Path(cls.tmp.name) / "course"
        shutil.copytree(Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "examples" / "course", cls.root,
                        ignore=shutil.ignore_patterns("release", "autograded", "records", ".gradebox"))
        assert run("keygen", "--course", cls.root).returncode == 0
        assert run("release", "ps1", "--course", cls.root).returncode == 0
        cls.done = run("autograde", "ps1", "--course", cls.root, "--json")
        cls.summary = json.loads(cls.done.stdout)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def record(self, student):
        envelope = json.loads((self.root / "records/ps1" / f"{student}.json").read_text())
        return json.loads(base64.b64decode(envelope["payload"]))

    def test_alice_gets_every_automatic_point_and_waits_for_the_essay(self):
        self.assertEqual(self.record("alice")["totals"],
                         {"points_milli": 8000, "max_milli": 10000, "manual_pending": 1})

    def test_bob_gets_2_of_8(self):
        self.assertEqual(self.record("bob")["totals"]["points_milli"], 2000)

    def test_mallory_is_contained_and_recorded(self):
        record = self.record("mallory")
        self.assertEqual(record["status"], "graded")
        verdicts = {c["grade_id"]: c["verdict"] for c in record["cells"]}
        self.assertEqual(verdicts["test_squares"], "error")
        # After the fork bomb is refused, her stub sum_of_squares returns 14, right for n=3 only:
        # 1 of 3 partial-credit points, earned honestly. Nothing else scores.
        self.assertEqual(record["totals"]["points_milli"], 1000)
        self.assertEqual(verdicts["test_count_words"], "not_run")  # after the memory bomb
        problem2 = json.loads((self.root / "autograded/mallory/ps1/problem2.ipynb").read_text())
        self.assertEqual(problem2["cells"][1]["metadata"]["gradebox"]["verdict"], "memory_limit")
        outputs = ""
        for nb in (self.root / "autograded/mallory/ps1").glob("*.ipynb"):
            outputs += json.dumps([c.get("outputs", []) for c in json.loads(nb.read_text())["cells"]])
        for leaked in ("digest.json", "key.pem", "BEGIN HIDDEN TESTS", "PRIVATE KEY"):
            self.assertNotIn(leaked, outputs)

    def test_records_verify(self):
        done = run("verify", self.root / "records", "--course", self.root)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)


class LaterNotebookRewritesEarlier(unittest.TestCase):
    """eve answers like alice, but her problem2 overwrites problem1.ipynb in the grading dir with a
    forged notebook: the autograded problem1 (what feedback is made of) stays the graded one."""

    FORGE = (
        "import json, os\n"
        "forged = {'cells': [], 'metadata': {'FORGED': True}, 'nbformat': 4, 'nbformat_minor': 5}\n"
        "try:\n"
        "    with open('forged.ipynb', 'w') as f:\n"
        "        json.dump(forged, f)\n"
        "    os.replace('forged.ipynb', 'problem1.ipynb')\n"
        "    print('rewrote problem1.ipynb')\n"
        "except OSError as e:\n"
        "    print('blocked', type(e).__name__)\n")

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gradebox-example-")
        Path(cls.tmp.name).chmod(0o755)  # reachable by the sandbox's unprivileged uid
        cls.root = root = Path(cls.tmp.name) / "course"
        shutil.copytree(Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "examples" / "course", root,
                        ignore=shutil.ignore_patterns("release", "autograded", "records", ".gradebox",
                                                      "bob", "mallory"))
        shutil.move(root / "submitted" / "alice", root / "submitted" / "eve")
        problem2 = root / "submitted/eve/ps1/problem2.ipynb"
        nb = json.loads(problem2.read_text())
        answer = next(c for c in nb["cells"]
                      if c["metadata"].get("nbgrader", {}).get("grade_id") == "count_words")
        answer["source"] = cls.FORGE + "".join(answer["source"])
        problem2.write_text(json.dumps(nb))
        assert run("keygen", "--course", root).returncode == 0
        assert run("release", "ps1", "--course", root).returncode == 0
        cls.done = run("autograde", "ps1", "--course", root, check=False)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_forging_cell_ran_and_wrote(self):
        problem2 = json.loads((self.root / "autograded/eve/ps1/problem2.ipynb").read_text())
        outputs = json.dumps([c.get("outputs", []) for c in problem2["cells"]])
        self.assertIn("rewrote problem1.ipynb", outputs)

    def test_problem1_is_the_graded_notebook(self):
        self.assertEqual(self.done.returncode, 0, self.done.stdout + self.done.stderr)
        problem1 = json.loads((self.root / "autograded/eve/ps1/problem1.ipynb").read_text())
        self.assertNotIn("FORGED", problem1["metadata"])
        verdicts = [c["metadata"]["gradebox"]["verdict"] for c in problem1["cells"]
                    if "gradebox" in c["metadata"]]
        self.assertTrue(verdicts)
        self.assertEqual(set(verdicts), {"ok"})

def code_cell(source, grade_id=None, *, solution=False, grade=False, points=None):
    """A code cell; with grade_id an nbgrader cell (test cells are locked)."""
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}
    if grade_id:
        meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
                "solution": solution}
        if grade:
            meta["points"] = points
        cell["metadata"]["nbgrader"] = meta
    return cell


# The instructor's notebook for the generated courses: one answer, a 2-point test with a hidden
# part (its secret marker must never reach a student), and a 1-point type check.
SECRET = "SECRET-HIDDEN-7f3a"
ANSWER_SOURCE = [
    code_cell("def answer():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION\n",
              "answer", solution=True),
    code_cell("assert answer() == 42\n### BEGIN HIDDEN TESTS\n"
              f"assert answer() + 0 == 42, '{SECRET}'\n### END HIDDEN TESTS\n",
              "test_answer", grade=True, points=2),
    code_cell("assert isinstance(answer(), int)\n", "test_type", grade=True, points=1),
]


class MadeCourse(Course):
    """A Course whose source notebook is built here (ANSWER_SOURCE by default)."""

    def __init__(self, cells=ANSWER_SOURCE, toml=""):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "nb.ipynb"
            path.write_text(json.dumps({"cells": cells, "metadata": {"kernelspec": {
                "display_name": "Python 3", "language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 4}))
            super().__init__(path, toml=toml)  # FIXTURES / an absolute path is that path

    def submit_answer(self, student, source):
        """Submits the release with the answer cell's source replaced by `source`."""
        nb = json.loads(self.released().read_text())
        for cell in nb["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
                cell["source"] = source
        folder = self.root / "submitted" / student / self.assignment
        folder.mkdir(parents=True)
        (folder / self.name).write_text(json.dumps(nb))
        (folder / "timestamp.txt").write_text("2026-11-19 18:02:11.000000 UTC\n")
        return folder

    def outputs_text(self, student):
        return json.dumps([c.get("outputs", []) for c in self.autograded(student)["cells"]])


RIGHT = "def answer():\n    return 42\n"
WRONG = "def answer():\n    return 41\n"


def parse_prometheus(text):
    """{(name, frozenset(labels.items())): value} from the text exposition format, checking that
    every sample's metric was declared with # TYPE first."""
    import re
    samples, types = {}, {}
    line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$')
    label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
            continue
        if not line or line.startswith("#"):
            continue
        match = line_re.match(line)
        assert match, f"not a sample line: {line!r}"
        name, labels, value = match.groups()
        base = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert base in types, f"{name} has no # TYPE line"
        samples[(name, frozenset(label_re.findall(labels)))] = float(value)
    return samples, types


class Metrics(unittest.TestCase):
    """--metrics: the Prometheus textfile counts what the run did."""

    @classmethod
    def setUpClass(cls):
        cls.course = MadeCourse(toml="[autograde]\ncell_timeout_seconds = 2\n")
        cls.course.submit_answer("right", RIGHT)
        cls.course.submit_answer("wrong", WRONG)
        cls.course.submit_answer("stub", "def answer():\n    raise NotImplementedError()\n")
        cls.course.submit_answer("slow", "def answer():\n    import time\n    time.sleep(60)\n")
        cls.course.submit("broken").joinpath("nb.ipynb").write_text("{not json")
        cls.metrics = cls.course.root / "metrics" / "gradebox.prom"
        cls.metrics.parent.mkdir()
        cls.done, cls.summary = cls.course.autograde("--metrics", cls.metrics)
        cls.samples, cls.types = parse_prometheus(cls.metrics.read_text())

    @classmethod
    def tearDownClass(cls):
        cls.course.close()

    def value(self, name, **labels):
        labels.setdefault("assignment", "ps")
        return self.samples[(name, frozenset(labels.items()))]

    def test_file_is_renamed_into_place(self):
        self.assertEqual(self.done.returncode, 0)  # "broken" errored: counted, not a failure
        self.assertEqual(os.listdir(self.metrics.parent), ["gradebox.prom"])

    def test_types(self):
        self.assertEqual(self.types["gradebox_autograde_cell_duration_seconds"], "histogram")
        self.assertEqual(self.types["gradebox_autograde_submission_duration_seconds"], "histogram")
        self.assertEqual(self.types["gradebox_autograde_submissions"], "gauge")

    def test_submissions_by_status(self):
        self.assertEqual(self.value("gradebox_autograde_submissions", status="graded"), 4)
        self.assertEqual(self.value("gradebox_autograde_submissions", status="error"), 1)
        self.assertEqual(self.value("gradebox_autograde_submissions", status="skipped"), 0)

    def test_verdict_counts_match_the_summary(self):
        expected = {}
        for s in self.summary["submissions"]:
            for verdict, n in s["verdicts"].items():
                expected[verdict] = expected.get(verdict, 0) + n
        self.assertEqual(expected, {"ok": 3, "error": 3, "timeout": 2, "not_run": 2})
        got = {dict(labels)["verdict"]: v for (name, labels), v in self.samples.items()
               if name == "gradebox_autograde_cells"}
        self.assertEqual(got, expected)

    def test_cell_histogram_matches_the_records(self):
        walls = [c["wall_ms"] / 1000 for s in ("right", "wrong", "stub", "slow", "broken")
                 for c in self.course.record(s)["cells"]]
        name = "gradebox_autograde_cell_duration_seconds"
        self.assertEqual(self.value(name + "_count"), len(walls))
        self.assertAlmostEqual(self.value(name + "_sum"), sum(walls), places=6)
        self.assertEqual(self.value(name + "_bucket", le="+Inf"), len(walls))
        self.assertEqual(self.value(name + "_bucket", le="1"), sum(w <= 1 for w in walls))
        self.assertGreaterEqual(self.value(name + "_bucket", le="2.5"), 2)  # the timeouts (2 s)
        buckets = sorted((float(dict(l)["le"]), v) for (n, l), v in self.samples.items()
                         if n == name + "_bucket")
        self.assertEqual([v for _, v in buckets], sorted(v for _, v in buckets))  # cumulative

    def test_submission_histogram_counts_every_submission(self):
        name = "gradebox_autograde_submission_duration_seconds"
        self.assertEqual(self.value(name + "_count"), 5)
        total = sum(s["seconds"] for s in self.summary["submissions"])
        self.assertAlmostEqual(self.value(name + "_sum"), total, places=3)

    def test_isolation_level_info(self):
        level = self.course.record("right")["isolation"]["level"]
        self.assertEqual(self.value("gradebox_autograde_isolation_info", level=level), 1)

    def test_second_run_counts_skipped_and_labels_the_shard(self):
        path = self.course.root / "again.prom"
        self.course.autograde("--metrics", path, "--shard", "0/1")
        samples, _ = parse_prometheus(path.read_text())
        shard = {"assignment": "ps", "shard": "0/1"}
        get = lambda name, **l: samples[(name, frozenset({**shard, **l}.items()))]
        self.assertEqual(get("gradebox_autograde_submissions", status="skipped"), 4)
        self.assertEqual(get("gradebox_autograde_submissions", status="error"), 1)  # regraded
        self.assertEqual(get("gradebox_autograde_submission_duration_seconds_count"), 1)

    def test_unwritable_metrics_path_fails_the_run(self):
        (self.course.root / "not-a-dir").write_text("a file where the folder should be\n")
        done = run("autograde", "ps", "--course", self.course.root, "--metrics",
                   self.course.root / "not-a-dir" / "m.prom")
        self.assertEqual(done.returncode, 1)
        self.assertIn("not-a-dir", done.stderr)


class ShardedProcesses(unittest.TestCase):
    """Four concurrent `--shard i/4` processes over one course; gradebox-export verifies the union."""

    STUDENTS = [f"student{i:02d}" for i in range(12)]  # 3 per shard

    def test_union_is_every_student_exactly_once(self):
        course = MadeCourse()
        self.addCleanup(course.close)
        for i, student in enumerate(self.STUDENTS):
            course.submit_answer(student, RIGHT if i % 3 else WRONG)
        procs = [subprocess.Popen([GRADEBOX, "autograde", "ps", "--course", str(course.root),
                                   "--json", "--jobs", "1", "--shard", f"{i}/4"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for i in range(4)]
        graded = []
        for i, proc in enumerate(procs):
            out, err = proc.communicate(timeout=300)
            self.assertEqual(proc.returncode, 0, f"shard {i}: {err}")
            shard = [s["student"] for s in json.loads(out)["submissions"]]
            self.assertTrue(shard, f"shard {i} graded nobody: the test wants all four busy")
            graded += shard
        self.assertEqual(sorted(graded), self.STUDENTS)  # disjoint and complete
        self.assertEqual(len(list((course.root / "records/ps/manifests").glob("*.json"))), 4)

        roster = course.root / "roster.csv"
        roster.write_text("student_id\n" + "\n".join(self.STUDENTS) + "\n")
        export = subprocess.run([os.environ["GRADEBOX_EXPORT"], "--records", course.root / "records",
                                 "--trust", course.root / ".gradebox/keys/trust.json",
                                 "--format", "json", "--roster", roster],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(export.returncode, 0, export.stderr)
        self.assertNotIn("duplicate", export.stderr)
        self.assertNotIn("CONFLICTING", export.stderr)
        rows = json.loads(export.stdout)["assignments"][0]["students"]
        self.assertEqual(sorted(r["student_id"] for r in rows), self.STUDENTS)
        for i, row in enumerate(sorted(rows, key=lambda r: r["student_id"])):
            self.assertTrue(row["submitted"], row)
            self.assertEqual(row["score_milli"], 3000 if i % 3 else 1000, row)


class HostileSubmissions(unittest.TestCase):
    """Submissions attacking the grader itself: each is graded with the right verdict, gets a
    record, and nothing secret reaches the outputs."""

    @classmethod
    def setUpClass(cls):
        cls.course = course = MadeCourse()
        root = course.root
        master = root / ".gradebox" / "master" / "ps" / "nb.ipynb"
        keys = sorted((root / ".gradebox" / "keys").glob("*.key.pem"))
        assert master.exists() and keys, "the release/keygen layout changed: update this test"
        targets = [str(master), "../../../.gradebox/master/ps/nb.ipynb", str(keys[0]),
                   "../../../source/ps/nb.ipynb", str(root / "source" / "ps" / "nb.ipynb")]
        # Reads the master copy, the instructor's source and the signing key by absolute and
        # relative paths, lists the key directory, and tries to plant a passing test in the master.
        course.submit_answer("reader", (
            "import glob, os\n"
            f"for path in {targets!r}:\n"
            "    try:\n"
            "        with open(path) as f:\n"
            "            print('READ', path, f.read())\n"
            "    except OSError as e:\n"
            "        print('blocked', type(e).__name__)\n"
            f"print('listed', glob.glob({str(root / '.gradebox') + '/**'!r}, recursive=True))\n"
            "try:\n"
            f"    with open({str(master)!r}, 'w') as f:\n"
            "        f.write('{}')\n"
            "    print('WROTE master')\n"
            "except OSError as e:\n"
            "    print('blocked write', type(e).__name__)\n"
            "def answer():\n"
            "    return 42\n"))
        # Forges runtime frames: a cell_done 'ok' and an execute_result worth full points on every
        # fd (guessing the frame channel), after looking for it in /proc/self/fd.
        course.submit_answer("forger", (
            "import os, struct, json\n"
            "try:\n"
            "    print('fds', sorted(os.listdir('/proc/self/fd')))\n"
            "except OSError as e:\n"
            "    print('fd listing blocked', type(e).__name__)\n"
            "frames = []\n"
            "for kind, body in ((37, {'execution_count': 1, 'data': {'text/plain': '2'},"
            " 'metadata': {}, 'FORGED': 1}), (40, {'status': 'ok', 'execution_count': 1})):\n"
            "    payload = json.dumps(body).encode()\n"
            "    for seq in range(4):\n"
            "        frames.append(struct.pack('<IHHQ', len(payload), kind, 0, seq) + payload"
            " + b'\\0' * 32)\n"
            "for fd in range(3, 1024):\n"
            "    for frame in frames:\n"
            "        try:\n"
            "            os.write(fd, frame)\n"
            "        except OSError:\n"
            "            pass\n"
            "def answer():\n"
            "    return 41\n"))
        cls.done, cls.summary = course.autograde()
        cls.master_after = master.read_bytes()

    @classmethod
    def tearDownClass(cls):
        cls.course.close()

    def test_reader_is_graded_on_its_answer_and_reads_nothing(self):
        record = self.course.record("reader")
        self.assertEqual(record["status"], "graded")
        self.assertEqual(record["totals"]["points_milli"], 3000)  # the honest answer still counts
        self.assertEqual({c["verdict"] for c in record["cells"]}, {"ok"})
        outputs = self.course.outputs_text("reader")
        self.assertIn("blocked", outputs)
        for leaked in ("READ", SECRET, "PRIVATE KEY", "BEGIN HIDDEN TESTS", ".key.pem", "WROTE"):
            self.assertNotIn(leaked, outputs)
        self.assertEqual(outputs.count("blocked "), 6, outputs)  # 5 reads and the write

    def test_master_copy_is_untouched(self):
        self.assertIn(SECRET.encode(), self.master_after)

    def test_forged_frames_score_nothing(self):
        record = self.course.record("forger")
        self.assertEqual(record["status"], "graded")
        self.assertEqual(record["totals"]["points_milli"], 0)
        nb = self.course.autograded("forger")
        verdict = execution(nb, 0)["verdict"]
        # The frames fail their MAC: the session ends as tampered and the tests are not run.
        self.assertEqual(verdict, "tampered", execution(nb, 0))
        self.assertEqual({c["verdict"] for c in record["cells"]}, {"not_run"})
        tests = json.dumps([c.get("outputs", []) for c in nb["cells"][1:]])
        self.assertNotIn("FORGED", tests)
        self.assertNotIn('"2"', tests)

    def test_both_have_records_that_verify(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        done = run("verify", self.course.root / "records", "--course", self.course.root)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)


if __name__ == "__main__":
    unittest.main()
