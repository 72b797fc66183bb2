"""A course configured by a real nbgrader_config.py (tests/fixtures/nbgrader_config_course):
release and autograde honour its custom delimiters, ignore list, header, Execute.timeout and
student_id_exclude; a session that ends in an ungraded cell names its verdict and cell in the
record of every test cell left not_run. Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
"""
import base64
import json
import os
import shutil
import tempfile
import time
import unittest
from pathlib import Path

from test_autograde import run

FIXTURE = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures" / "nbgrader_config_course"


def with_answer(notebook, answer):
    nb = json.loads(notebook.read_text())
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == "square":
            cell["source"] = answer
    return json.dumps(nb)


class NbgraderConfigCourse(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gradebox-nbgrader-config-")
        self.root = Path(self.tmp.name) / "course"
        shutil.copytree(FIXTURE, self.root)
        Path(self.tmp.name).chmod(0o755)
        self.root.chmod(0o755)
        self.assertEqual(run("keygen", "--course", self.root).returncode, 0)
        self.release = run("release", "ps1", "--course", self.root)
        self.assertEqual(self.release.returncode, 0, self.release.stdout + self.release.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def submit(self, student, answer):
        folder = self.root / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        released = self.root / "release" / "ps1" / "problem.ipynb"
        (folder / "problem.ipynb").write_text(with_answer(released, answer))

    def record(self, student):
        envelope = json.loads((self.root / "records" / "ps1" / f"{student}.json").read_text())
        return json.loads(base64.b64decode(envelope["payload"]))

    def test_release_and_autograde_follow_the_config(self):
        self.assertIn("FormgradeApp.authenticator_class: not supported by gradebox", self.release.stderr)
        self.assertIn("nbgrader_config.py", self.release.stderr)
        released = (self.root / "release" / "ps1" / "problem.ipynb").read_text()
        self.assertNotIn("square(-4)", released)
        self.assertIn("Course header", released)
        self.assertFalse((self.root / "release" / "ps1" / "solutions.py").exists())

        self.submit("alice", "def square(x):\n    return x * x\n")
        self.submit("bob", "def square(x):\n    return x * x\n")  # CourseDirectory.student_id_exclude
        self.submit("carol", "def square(x):\n    while True:\n        pass\n")
        self.submit("dave", "import os\nos._exit(3)\n")
        started = time.monotonic()
        done = run("autograde", "ps1", "--course", self.root, "--json")
        self.assertLess(time.monotonic() - started, 60)
        graded = {s["student"] for s in json.loads(done.stdout)["submissions"]}
        self.assertEqual(graded, {"alice", "carol", "dave"})
        self.assertFalse((self.root / "records" / "ps1" / "bob.json").exists())

        alice = self.record("alice")
        self.assertEqual(alice["course"], "squares101")  # CourseDirectory.course_id
        cells = {c["grade_id"]: c for c in alice["cells"]}
        self.assertEqual(cells["test_square"]["points_milli"], 2000)  # hidden tests restored and pass
        self.assertIsNone(cells["test_square"]["not_run_cause"])

        carol = {c["grade_id"]: c for c in self.record("carol")["cells"]}
        self.assertEqual(carol["test_square"]["points_milli"], 0)
        self.assertEqual(self.record("carol")["isolation"]["limits"].get("cell_timeout_ms"), 3000)

        dave = {c["grade_id"]: c for c in self.record("dave")["cells"]}
        self.assertEqual(dave["test_square"]["verdict"], "not_run")
        cause = dave["test_square"]["not_run_cause"]
        self.assertIsNotNone(cause, dave)
        self.assertEqual(cause["grade_id"], "square")
        self.assertNotIn(cause["verdict"], ("ok", "not_run"))

        # Feedback cuts hidden tests by the course's own delimiters.
        feedback = run("feedback", "ps1", "--course", self.root)
        self.assertEqual(feedback.returncode, 0, feedback.stdout + feedback.stderr)
        page = (self.root / "feedback" / "alice" / "ps1" / "problem.html").read_text()
        self.assertIn("square(3)", page)
        self.assertNotIn("square(-4)", page)
        self.assertNotIn("SECRET TESTS", page)


if __name__ == "__main__":
    unittest.main()
