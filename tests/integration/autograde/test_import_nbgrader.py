"""`gradebox import-nbgrader` on a gradebook.db made by nbgrader 0.9.5 itself
(tests/fixtures/nbgrader_gradebook, see its README): roster, manual grades and comments as signed
manual-grade records, gradebox.toml from nbgrader_config.py, a report of what could not be
imported, idempotence, and nbgrader's files left byte for byte as they were.
Environment: GRADEBOX, GRADEBOX_SOURCE_DIR, GRADEBOX_EXPORT.
"""
import base64
import csv
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

from test_autograde import run

FIXTURE = Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "tests" / "fixtures" / "nbgrader_gradebook"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ImportNbgrader(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gradebox-import-nbgrader-")
        Path(self.tmp.name).chmod(0o755)
        self.root = Path(self.tmp.name) / "course"
        shutil.copytree(FIXTURE, self.root)
        self.root.chmod(0o755)
        self.nbgrader_files = {p: digest(self.root / p) for p in ("gradebook.db", "nbgrader_config.py")}
        self.assertEqual(run("keygen", "--course", self.root).returncode, 0)

    def tearDown(self):
        self.tmp.cleanup()

    def manual_grades(self):
        grades = []
        for path in sorted((self.root / "records" / "ps1" / "manual").rglob("*.json")):
            grades.append(json.loads(base64.b64decode(json.loads(path.read_text())["payload"])))
        return grades

    def test_import_then_again(self):
        # Without grade records the manual grades cannot be imported yet: reported, roster still written.
        first = run("import-nbgrader", "--course", self.root)
        self.assertEqual(first.returncode, 1, first.stdout + first.stderr)
        self.assertIn("imported: roster.csv: 3 students", first.stdout)
        self.assertIn("run `gradebox autograde ps1` first", first.stdout)

        self.assertEqual(run("release", "ps1", "--course", self.root).returncode, 0)
        graded = run("autograde", "ps1", "--course", self.root)
        self.assertEqual(graded.returncode, 0, graded.stdout + graded.stderr)
        second = run("import-nbgrader", "--course", self.root)
        self.assertIn("imported: alice ps1 problem.ipynb:explain 2.5/3 with comment", second.stdout)
        self.assertIn("imported: bob ps1 problem.ipynb:explain 0/3", second.stdout)
        # A comment on a cell without a score has no manual-grade record to live in.
        self.assertIn('not imported: bob ps1 problem.ipynb:square: a comment without a manual score',
                      second.stdout)
        self.assertEqual(second.returncode, 1)

        grades = {g["student"]: g for g in self.manual_grades()}
        self.assertEqual(grades["alice"]["points_milli"], 2500)
        self.assertEqual(grades["alice"]["comment"], 'Right idea; say "product".')
        self.assertEqual(grades["alice"]["course"], "squares101")
        self.assertEqual(grades["bob"]["points_milli"], 0)
        verified = run("verify", self.root / "records", "--course", self.root)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)

        roster = list(csv.DictReader((self.root / "roster.csv").open(newline="")))
        alice = next(r for r in roster if r["student_id"] == "alice")
        self.assertEqual((alice["last_name"], alice["email"], alice["lms_id"]),
                         ("Liddell, Jr.", "alice@example.edu", "1001"))
        toml = (self.root / "gradebox.toml").read_text()
        self.assertIn("cell_timeout_seconds = 20", toml)  # Execute.timeout

        third = run("import-nbgrader", "--course", self.root)  # idempotent
        self.assertIn("(already imported)", third.stdout)
        self.assertEqual(len(self.manual_grades()), 2)
        self.assertEqual(third.stdout.count("not imported:"), 1)

        export = subprocess.run([os.environ["GRADEBOX_EXPORT"], "--records", self.root / "records",
                                 "--trust", self.root / ".gradebox" / "keys" / "trust.json",
                                 "--format", "nbgrader", "--roster", self.root / "roster.csv"],
                                capture_output=True, text=True)
        self.assertEqual(export.returncode, 0, export.stderr)
        rows = {r["student_id"]: r for r in csv.DictReader(export.stdout.splitlines())}
        self.assertEqual(rows["alice"]["score"], "4.5")  # 2 auto + 2.5 manual
        self.assertEqual(rows["carol"]["score"], "0")    # on the roster, no submission

        for name, before in self.nbgrader_files.items():
            self.assertEqual(digest(self.root / name), before, name + " was modified")


if __name__ == "__main__":
    unittest.main()
