"""`gradebox autograde` on a course whose answers and tests use shell commands
(tests/fixtures/shell-course): `x = !wc -w {path}`, `!echo ... > file`, `%%bash`. The scores
are nbgrader's for the same submissions (recorded in the fixture's README): the solution scores
full marks, the untouched release scores zero. Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
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
COURSE = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures" / "shell-course"
NOTEBOOK = "shell.ipynb"


def gradebox(*args):
    done = subprocess.run([GRADEBOX, *map(str, args)], capture_output=True, text=True, timeout=600)
    if done.returncode not in (0, 1):
        raise AssertionError(f"gradebox {args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


class ShellCommands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gradebox-shell-test-")
        root = cls.root = Path(cls.tmp.name)
        root.chmod(0o755)
        shutil.copytree(COURSE / "source", root / "source")
        for args in (["keygen"], ["release", "shell"]):
            done = gradebox(*args, "--course", root)
            assert done.returncode == 0, done.stdout + done.stderr
        release = json.loads((root / "release/shell" / NOTEBOOK).read_text())
        source = json.loads((root / "source/shell" / NOTEBOOK).read_text())
        right = {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
        alice = json.loads(json.dumps(release))
        for cell in alice["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id in right:
                cell["source"] = right[grade_id]
        for student, notebook in (("alice", alice), ("bob", release)):
            folder = root / "submitted" / student / "shell"
            folder.mkdir(parents=True)
            (folder / NOTEBOOK).write_text(json.dumps(notebook))
        cls.done = gradebox("autograde", "shell", "--course", root, "--json")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def scores(self, student):
        envelope = json.loads((self.root / "records/shell" / f"{student}.json").read_text())
        record = json.loads(base64.b64decode(envelope["payload"]))
        return {c["grade_id"]: (c["verdict"], c["points_milli"]) for c in record["cells"]}

    def outputs(self, student, grade_id):
        notebook = json.loads((self.root / "autograded" / student / "shell" / NOTEBOOK).read_text())
        for cell in notebook["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
                return "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        raise AssertionError(f"no cell {grade_id}")

    def test_the_solution_scores_as_in_nbgrader(self):
        self.assertEqual(self.done.returncode, 0, self.done.stdout + self.done.stderr)
        self.assertEqual(self.scores("alice"), {"test_count_words": ("ok", 2000),
                                                "test_greeting": ("ok", 1000)})

    def test_the_release_scores_zero_as_in_nbgrader(self):
        self.assertEqual(self.scores("bob"), {"test_count_words": ("error", 0),
                                              "test_greeting": ("error", 0)})

    def test_shell_output_is_in_the_autograded_notebook(self):
        self.assertEqual(self.outputs("alice", "test_count_words"), "checking words.txt\n")
        self.assertEqual(self.outputs("alice", "test_greeting"), "words.txt kept\n")
        self.assertEqual(self.outputs("alice", "bash_cell"), "bash says 42\n")


if __name__ == "__main__":
    unittest.main()
