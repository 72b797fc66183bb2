"""Round trip: autograde examples/course for real, export every LMS format, parse each back and
compare it with what the signed records say.

The expected grades are computed here from the record payloads (auto scores, the newest manual
grade of a cell, the late policy applied to `late.submitted_at`), never typed in, so a change in
grading and a change in export are both caught. Environment: GRADEBOX, GRADEBOX_EXPORT and
GRADEBOX_SOURCE_DIR.
"""
import base64
import csv
import io
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest
from datetime import datetime, timezone
from pathlib import Path

GRADEBOX = os.environ["GRADEBOX"]
EXPORT = os.environ["GRADEBOX_EXPORT"]
ASSIGNMENT = "ps1"
DUE = datetime(2026, 11, 20, 23, 59, tzinfo=timezone.utc)
LATE_PERCENT_PER_DAY = 10
CANVAS_ID = "4711"

# Names that break naive CSV writers and readers: a comma, a quote, non-ASCII, an embedded newline.
ROSTER = [
    {"student_id": "alice", "first_name": "Alice", "last_name": "Smith, Jr.", "email": "alice@example.edu",
     "username": "asmith", "lms_id": "1001", "sis_user_id": "S1", "sis_login_id": "alice.s", "section": "A"},
    {"student_id": "bob", "first_name": "Bob", "last_name": 'O"Brien', "email": "bob@example.edu",
     "username": "bobo", "lms_id": "1002", "sis_user_id": "S2", "sis_login_id": "bob.o", "section": "B"},
    {"student_id": "mallory", "first_name": "Mallory", "last_name": "Müller", "email": "m@example.edu",
     "username": "mm", "lms_id": "1003", "sis_user_id": "S3", "sis_login_id": "mm", "section": "A"},
    {"student_id": "dave", "first_name": "Dave", "last_name": "Line\nBreak", "email": "d@example.edu",
     "username": "dave", "lms_id": "1004", "sis_user_id": "S4", "sis_login_id": "dave", "section": "B"},
]
BY_ID = {row["student_id"]: row for row in ROSTER}


def gradebox(*args):
    done = subprocess.run([GRADEBOX, *map(str, args)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise AssertionError(f"gradebox {' '.join(map(str, args))} exited {done.returncode}:\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


def payload(path):
    return json.loads(base64.b64decode(json.loads(Path(path).read_text())["payload"]))


def points(milli):
    """Milli-points as gradebox prints them: an exact decimal without float noise."""
    text = f"{milli // 1000}.{milli % 1000:03d}".rstrip("0").rstrip(".")
    return text if milli >= 0 else "-" + points(-milli)


class Expected:
    """What every format should say, derived from the signed records in <course>/records."""

    def __init__(self, records):
        self.students = {}
        manual = {}
        for path in sorted((records / ASSIGNMENT / "manual").glob("*/*.json")):
            grade = payload(path)
            key = (grade["student"], grade["notebook"], grade["grade_id"])
            if key not in manual or grade["graded_at"] >= manual[key]["graded_at"]:
                manual[key] = grade
        for path in sorted((records / ASSIGNMENT).glob("*.json")):
            record = payload(path)
            if record.get("schema") != "gradebox.grade-record":
                continue
            student = record["student"]
            cells = {}
            pending = False
            for cell in record["cells"]:
                grade = manual.get((student, cell["notebook"], cell["grade_id"]))
                cells[cell["grade_id"]] = grade["points_milli"] if grade else cell["points_milli"]
                pending |= cell["needs_manual_grade"] and not grade
            raw = sum(cells.values())
            maximum = record["totals"]["max_milli"]
            self.columns = [(c["grade_id"], c["max_milli"]) for c in record["cells"]]
            self.maximum = maximum
            submitted = datetime.fromisoformat(record["late"]["submitted_at"].replace("Z", "+00:00"))
            late_days = max(0, math.ceil((submitted - DUE).total_seconds() / 86400))
            penalty = min(raw, late_days * maximum * LATE_PERCENT_PER_DAY // 100)
            self.students[student] = {"raw": raw, "penalty": penalty, "score": raw - penalty,
                                      "cells": cells, "pending": pending}

    def score(self, student):
        return self.students[student]["score"] if student in self.students else 0


class ExportRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="gradebox-export-roundtrip-")
        Path(cls.tmp.name).chmod(0o755)  # the sandbox's unprivileged uid must reach the course
        cls.root = Path(cls.tmp.name) / "course"
        shutil.copytree(Path(os.environ["GRADEBOX_SOURCE_DIR"]) / "examples" / "course", cls.root)
        gradebox("keygen", "--course", cls.root)
        gradebox("release", ASSIGNMENT, "--course", cls.root)
        gradebox("autograde", ASSIGNMENT, "--course", cls.root, "--jobs", "2")
        cls.before_manual = Expected(cls.root / "records")
        cls.lti_before_manual = cls.export_lines("lti-ags")
        gradebox("grade-manual", ASSIGNMENT, "alice", "explain", "1.5", "--comment", "clear, cites the data",
                 "--course", cls.root)
        cls.expected = Expected(cls.root / "records")
        cls.roster = cls.root / "roster.csv"
        with cls.roster.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=list(ROSTER[0]))
            writer.writeheader()
            writer.writerows(ROSTER)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def export(cls, fmt, *extra):
        args = [EXPORT, "--records", cls.root / "records", "--trust", cls.root / ".gradebox/keys/trust.json",
                "--format", fmt, *extra]
        done = subprocess.run(list(map(str, args)), capture_output=True, timeout=300)
        if done.returncode != 0:
            raise AssertionError(f"gradebox-export --format {fmt} exited {done.returncode}:\n"
                                 f"{done.stderr.decode(errors='replace')}")
        return done.stdout.decode("utf-8")

    @classmethod
    def export_lines(cls, fmt, *extra):
        return [json.loads(line) for line in cls.export(fmt, *extra).splitlines() if line.strip()]

    def graded_export(self, fmt, *extra):
        return self.export(fmt, "--roster", self.roster, "--due", "2026-11-20 23:59 UTC",
                           "--late-policy", f"per-day:{LATE_PERCENT_PER_DAY}%", *extra)

    def rows(self, fmt, *extra):
        return list(csv.DictReader(io.StringIO(self.graded_export(fmt, *extra), newline="")))

    def test_grading_produced_what_the_round_trip_needs(self):
        # Guards the comparisons below against a vacuous pass: distinct scores, a late student,
        # a manual grade that changed a total, a manual answer pending before it.
        scores = {s: e["score"] for s, e in self.expected.students.items()}
        self.assertEqual(set(scores), {"alice", "bob", "mallory"})
        self.assertEqual(len(set(scores.values())), 3, scores)
        self.assertGreater(self.expected.students["mallory"]["penalty"], 0)
        self.assertTrue(self.before_manual.students["alice"]["pending"])
        self.assertEqual(self.expected.students["alice"]["raw"],
                         self.before_manual.students["alice"]["raw"] + 1500)

    def test_status_counts_manual_grades_as_export_does(self):
        status = json.loads(gradebox("status", ASSIGNMENT, "--course", self.root, "--json").stdout)
        rows = {r["student_id"]: r for r in self.rows("nbgrader")}
        for entry in status["students"]:
            student = entry["student"]
            self.assertEqual(points(entry["points_milli"]), rows[student]["raw_score"], student)
            self.assertEqual(points(entry["max_milli"]), rows[student]["max_score"], student)
        alice = next(s for s in status["students"] if s["student"] == "alice")
        self.assertEqual(alice["manual_pending"], 0)  # her essay was graded by hand

    def test_nbgrader_csv(self):
        rows = self.rows("nbgrader")
        self.assertEqual(list(rows[0])[:11], ["assignment", "duedate", "timestamp", "student_id", "last_name",
                                              "first_name", "email", "raw_score", "late_submission_penalty",
                                              "score", "max_score"])
        self.assertEqual(sorted(r["student_id"] for r in rows), sorted(BY_ID))
        for row in rows:
            student = row["student_id"]
            self.assertEqual(row["last_name"], BY_ID[student]["last_name"])
            self.assertEqual(row["max_score"], points(self.expected.maximum))
            self.assertEqual(row["score"], points(self.expected.score(student)), student)
            if student in self.expected.students:
                want = self.expected.students[student]
                self.assertEqual(row["raw_score"], points(want["raw"]), student)
                self.assertEqual(row["late_submission_penalty"], points(want["penalty"]), student)
            else:
                self.assertEqual(row["timestamp"], "", "a non-submitter has no timestamp")

    def test_per_cell_columns(self):
        rows = self.rows("nbgrader", "--per-cell")
        for row in rows:
            want = self.expected.students.get(row["student_id"])
            for grade_id, _ in self.expected.columns:
                self.assertEqual(row[grade_id], points(want["cells"][grade_id] if want else 0),
                                 f"{row['student_id']} {grade_id}")

    def test_canvas_csv(self):
        rows = self.rows("canvas", "--lms-assignment-id", CANVAS_ID)
        column = f"{ASSIGNMENT} ({CANVAS_ID})"
        self.assertEqual(list(rows[0])[:6], ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column])
        self.assertEqual(rows[0]["Student"].strip(), "Points Possible")
        self.assertEqual(rows[0][column], points(self.expected.maximum))
        by_lms_id = {r["ID"]: r for r in rows[1:]}
        self.assertEqual(len(by_lms_id), len(ROSTER))
        for person in ROSTER:
            row = by_lms_id[person["lms_id"]]
            self.assertEqual(row["Student"], f"{person['last_name']}, {person['first_name']}")
            self.assertEqual((row["SIS User ID"], row["SIS Login ID"], row["Section"]),
                             (person["sis_user_id"], person["sis_login_id"], person["section"]))
            self.assertEqual(row[column], points(self.expected.score(person["student_id"])))

    def test_moodle_csv(self):
        rows = self.rows("moodle", "--moodle-identifier", "email")
        by_email = {r["Email address"]: r[ASSIGNMENT] for r in rows}
        self.assertEqual(by_email, {p["email"]: points(self.expected.score(p["student_id"])) for p in ROSTER})

    def test_blackboard_csv(self):
        rows = self.rows("blackboard")
        column = f"{ASSIGNMENT} [Total Pts: {points(self.expected.maximum)} Score]"
        self.assertIn(column, rows[0])
        by_username = {r["Username"]: r[column] for r in rows}
        self.assertEqual(by_username, {p["username"]: points(self.expected.score(p["student_id"])) for p in ROSTER})

    def test_gradescope_results(self):
        out = Path(self.tmp.name) / "gradescope"
        self.graded_export("gradescope", "-o", out)
        self.assertEqual(sorted(p.name for p in out.iterdir()), sorted(self.expected.students))
        for student, want in self.expected.students.items():
            results = json.loads((out / student / "results.json").read_text())
            self.assertAlmostEqual(results["score"], want["score"] / 1000, places=3)
            tests = {t["name"]: t for t in results["tests"]}
            for grade_id, max_milli in self.expected.columns:
                self.assertAlmostEqual(tests[grade_id]["score"], want["cells"][grade_id] / 1000, places=3)
                self.assertAlmostEqual(tests[grade_id]["max_score"], max_milli / 1000, places=3)
                self.assertIn(tests[grade_id]["visibility"], {"visible", "hidden", "after_due_date",
                                                              "after_published"})

    def test_lti_ags_scores(self):
        lines = [json.loads(line) for line in self.graded_export("lti-ags").splitlines() if line.strip()]
        by_user = {line["userId"]: line for line in lines}
        for student, want in self.expected.students.items():
            score = by_user[BY_ID[student]["lms_id"]]
            self.assertAlmostEqual(score["scoreGiven"], want["score"] / 1000, places=3)
            self.assertAlmostEqual(score["scoreMaximum"], self.expected.maximum / 1000, places=3)
            self.assertEqual(score["activityProgress"], "Completed")
            self.assertEqual(score["gradingProgress"], "FullyGraded", student)
            datetime.fromisoformat(score["timestamp"].replace("Z", "+00:00"))

    def test_lti_ags_pending_manual_before_the_manual_grade(self):
        progress = {line["userId"]: line["gradingProgress"] for line in self.lti_before_manual}
        for student, want in self.before_manual.students.items():
            self.assertEqual(progress[student], "PendingManual" if want["pending"] else "FullyGraded", student)
        self.assertEqual(progress["alice"], "PendingManual")

    def test_json_matches_records_in_milli_points(self):
        document = json.loads(self.graded_export("json"))
        self.assertEqual((document["schema"], document["schema_version"]), ("gradebox.export", 1))
        (assignment,) = document["assignments"]
        self.assertEqual(assignment["max_milli"], self.expected.maximum)
        for entry in assignment["students"]:
            student = entry["student_id"]
            if student not in self.expected.students:
                self.assertFalse(entry["submitted"])
                continue
            want = self.expected.students[student]
            self.assertEqual((entry["raw_milli"], entry["penalty_milli"], entry["score_milli"]),
                             (want["raw"], want["penalty"], want["score"]), student)
            self.assertEqual([c["points_milli"] for c in entry["cells"]],
                             [want["cells"][g] for g, _ in self.expected.columns], student)

    def test_a_changed_record_stops_every_format(self):
        broken = Path(self.tmp.name) / "broken-records"
        shutil.copytree(self.root / "records", broken)
        record = broken / ASSIGNMENT / "bob.json"
        envelope = json.loads(record.read_text())
        body = payload(record)
        body["totals"]["points_milli"] = body["totals"]["max_milli"]
        envelope["payload"] = base64.b64encode(json.dumps(body).encode()).decode()
        record.write_text(json.dumps(envelope))
        for fmt in ("nbgrader", "canvas", "moodle", "blackboard", "lti-ags", "json"):
            out = Path(self.tmp.name) / f"refused.{fmt}"
            done = subprocess.run([EXPORT, "--records", str(broken), "--trust",
                                   str(self.root / ".gradebox/keys/trust.json"), "--format", fmt, "-o", str(out)],
                                  capture_output=True, text=True, timeout=300)
            self.assertEqual(done.returncode, 1, fmt)
            self.assertIn("bob", done.stderr)
            self.assertFalse(out.exists(), f"{fmt}: nothing may be written after a failed verification")


if __name__ == "__main__":
    unittest.main()
