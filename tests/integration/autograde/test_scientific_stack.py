"""`gradebox autograde` on a course whose solution and test cells use pandas and scipy
(tests/fixtures/scientific-course): a right submission scores full marks with no integrity
finding (pandas' and scipy's own ctypes use is not one), the untouched release scores 0, and a
submission that calls native code through ctypes is graded as usual with a native_code finding
in its signed record. Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
"""
import subprocess
import unittest

from fixture_course import FixtureCourse, with_answer


def importable(module):
    return subprocess.run(["/usr/bin/python3", "-c", f"import {module}"],
                          capture_output=True).returncode == 0


@unittest.skipUnless(importable("pandas") and importable("scipy"), "pandas or scipy not installed")
class ScientificStack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        course = cls.course = FixtureCourse("scientific-course", "stats", "stack.ipynb")
        alice = course.solved()
        answer = next(c["source"] for c in alice["cells"]
                      if c["metadata"].get("nbgrader", {}).get("grade_id") == "group_mean")
        mallory = with_answer(course.solved(), "group_mean",
                              "import ctypes\nassert ctypes.CDLL(None).abs(-4) == 4\n" + answer)
        for student, notebook in (("alice", alice), ("bob", course.released()),
                                  ("mallory", mallory)):
            course.submit(student, notebook)
        cls.done = course.autograde()

    @classmethod
    def tearDownClass(cls):
        cls.course.cleanup()

    def record(self, student):
        return self.course.record(student)

    def scores(self, student):
        return self.course.scores(student)

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
