"""What check.py scripts share: reading the signed records and the autograded notebooks of the
case's course copy, and reporting failed expectations. A check.py does
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from attack_checks import Case
    case = Case()  # reads sys.argv: course, outside, output file
    case.expect(condition, "what should hold")
    sys.exit(case.finish())"""
import base64
import json
import os
import sys


class Case:
    def __init__(self):
        self.course, self.outside, output_file = sys.argv[1:4]
        with open(output_file, errors="replace") as f:
            self.output = f.read()
        self.failures = []

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
        return condition

    def record(self, student, assignment="ps1"):
        """The payload of the student's signed record (a DSSE envelope, base64 body)."""
        path = os.path.join(self.course, "records", assignment, f"{student}.json")
        with open(path) as f:
            return json.loads(base64.b64decode(json.load(f)["payload"]))

    def notebook_points(self, record, notebook):
        """(points_milli, max_milli) of one notebook's cells in a record."""
        cells = [c for c in record["cells"] if c["notebook"] == notebook]
        return sum(c["points_milli"] for c in cells), sum(c["max_milli"] for c in cells)

    def autograded(self, student, assignment="ps1"):
        return os.path.join(self.course, "autograded", student, assignment)

    def finish(self):
        for failure in self.failures:
            print("expected:", failure)
        return 1 if self.failures else 0
