"""`gradebox autograde` on a course whose answers and tests use shell commands
(tests/fixtures/shell-course): `x = !wc -w {path}`, `!echo ... > file`, `%%bash`. The scores
are nbgrader's for the same submissions (recorded in the fixture's README): the solution scores
full marks, the untouched release scores zero. Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
"""
import unittest

from fixture_course import FixtureCourse


class ShellCommands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.course = FixtureCourse("shell-course", "shell", "shell.ipynb")
        cls.course.submit("alice", cls.course.solved())
        cls.course.submit("bob", cls.course.released())
        cls.done = cls.course.autograde()

    @classmethod
    def tearDownClass(cls):
        cls.course.cleanup()

    def outputs(self, student, grade_id):
        for cell in self.course.autograded(student)["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
                return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        raise AssertionError(f"no cell {grade_id}")

    def test_the_solution_scores_as_in_nbgrader(self):
        self.assertEqual(self.done.returncode, 0, self.done.stdout + self.done.stderr)
        self.assertEqual(self.course.scores("alice"), {"test_count_words": ("ok", 2000),
                                                       "test_greeting": ("ok", 1000)})

    def test_the_release_scores_zero_as_in_nbgrader(self):
        self.assertEqual(self.course.scores("bob"), {"test_count_words": ("error", 0),
                                                     "test_greeting": ("error", 0)})

    def test_shell_output_is_in_the_autograded_notebook(self):
        self.assertEqual(self.outputs("alice", "test_count_words"), "checking words.txt\n")
        self.assertEqual(self.outputs("alice", "test_greeting"), "words.txt kept\n")
        self.assertEqual(self.outputs("alice", "bash_cell"), "bash says 42\n")


if __name__ == "__main__":
    unittest.main()
