"""`gradebox autograde` on a course whose solution and test cells use pandas and scipy
(tests/fixtures/scientific-course): a right submission scores full marks with no integrity
finding (pandas' and scipy's own ctypes use is not one), the untouched release scores 0, and a
submission that calls native code through ctypes is graded as usual with a native_code finding
in its signed record. Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
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
COURSE = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures" / "scientific-course"
NOTEBOOK = "stack.ipynb"


def gradebox(*args):
    done = subprocess.run([GRADEBOX, *map(str, args)], capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise AssertionError(f"gradebox {args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def with_answer(notebook, grade_id, source):
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = source
    return notebook


def importable(module):
    return subprocess.run(["/usr/bin/python3", "-c", f"import {module}"],
                          capture_output=True).returncode == 0


@unittest.skipUnless(importable("pandas") and importable("scipy"), "pandas or scipy not installed")
class ScientificStack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gradebox-stack-test-")
        root = cls.root = Path(cls.tmp.name)
        root.chmod(0o755)
        shutil.copytree(COURSE / "source", root / "source")
        for args in (["keygen"], ["release", "stats"]):
            done = gradebox(*args, "--course", root)
            assert done.returncode == 0, done.stdout + done.stderr
        release = json.loads((root / "release/stats" / NOTEBOOK).read_text())
        source = json.loads((root / "source/stats" / NOTEBOOK).read_text())
        right = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
        alice = json.loads(json.dumps(release))
        for grade_id, answer in right.items():
            with_answer(alice, grade_id, answer)
        mallory = json.loads(json.dumps(alice))
        with_answer(mallory, "group_mean",
                    "import ctypes\nassert ctypes.CDLL(None).abs(-4) == 4\n" + right["group_mean"])
        for student, notebook in (("alice", alice), ("bob", release), ("mallory", mallory)):
            folder = root / "submitted" / student / "stats"
            folder.mkdir(parents=True)
            (folder / NOTEBOOK).write_text(json.dumps(notebook))
        cls.done = gradebox("autograde", "stats", "--course", root, "--json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def record(self, student):
        envelope = json.loads((self.root / "records/stats" / f"{student}.json").read_text())
        return json.loads(base64.b64decode(envelope["payload"]))

    def scores(self, student):
        return {c["grade_id"]: (c["verdict"], c["points_milli"]) for c in self.record(student)["cells"]}

    def test_right_answers_score_full_marks_without_findings(self):
        self.assertEqual(self.done.returncode, 0, self.done.stdout + self.done.stderr)
        self.assertEqual(self.scores("alice"), {"test_group_mean": ("ok", 2000),
                                                "test_fit_line": ("ok", 3000)})
        self.assertEqual(self.record("alice")["tampering"], [])

    def test_the_release_scores_zero(self):
        self.assertEqual(self.scores("bob"), {"test_group_mean": ("error", 0),
                                              "test_fit_line": ("error", 0)})

    def test_native_code_is_graded_and_recorded(self):
        self.assertEqual(self.scores("mallory"), self.scores("alice"))
        findings = self.record("mallory")["tampering"]
        native = [f for f in findings if f["kind"] == "native_code"]
        self.assertTrue(native, findings)
        self.assertEqual({f["grade_id"] for f in native}, {"group_mean"})
        self.assertTrue(any("ctypes.dlopen" in f["detail"] for f in native), native)


if __name__ == "__main__":
    unittest.main()
