"""A course from tests/fixtures/<name>/source graded end to end by the real `gradebox`: copied to a
temp dir, one assignment released, submissions built from the release and the instructor's
answers, autograded, the signed records read. Shared by the tests of those fixture courses.
Environment: GRADEBOX, GRADEBOX_SOURCE_DIR.
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

GRADEBOX = os.environ["GRADEBOX"]
FIXTURES = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures"


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


class FixtureCourse:
    def __init__(self, fixture, assignment, notebook):
        self.assignment, self.notebook = assignment, notebook
        self.tmp = tempfile.TemporaryDirectory(prefix=f"gradebox-{fixture}-test-")
        self.root = Path(self.tmp.name)
        self.root.chmod(0o755)
        shutil.copytree(FIXTURES / fixture / "source", self.root / "source")
        for args in (["keygen"], ["release", assignment]):
            done = gradebox(*args, "--course", self.root)
            assert done.returncode == 0, done.stdout + done.stderr

    def released(self):
        return json.loads((self.root / "release" / self.assignment / self.notebook).read_text())

    def solved(self):
        """The release with every solution cell's instructor answer."""
        source = json.loads((self.root / "source" / self.assignment / self.notebook).read_text())
        notebook = self.released()
        for cell in source["cells"]:
            if cell["metadata"].get("nbgrader", {}).get("solution"):
                with_answer(notebook, cell["metadata"]["nbgrader"]["grade_id"], cell["source"])
        return notebook

    def submit(self, student, notebook):
        folder = self.root / "submitted" / student / self.assignment
        folder.mkdir(parents=True)
        (folder / self.notebook).write_text(json.dumps(notebook))

    def autograde(self):
        return gradebox("autograde", self.assignment, "--course", self.root, "--json")

    def record(self, student):
        path = self.root / "records" / self.assignment / f"{student}.json"
        return json.loads(base64.b64decode(json.loads(path.read_text())["payload"]))

    def scores(self, student):
        return {c["grade_id"]: (c["verdict"], c["points_milli"])
                for c in self.record(student)["cells"]}

    def autograded(self, student):
        path = self.root / "autograded" / student / self.assignment / self.notebook
        return json.loads(path.read_text())

    def cleanup(self):
        self.tmp.cleanup()
