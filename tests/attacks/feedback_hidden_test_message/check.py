# The hidden test's message ("squares(0) must raise ValueError") appears in no feedback file.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
SECRET = "squares(0) must raise ValueError"
record = case.record("bob")
verdicts = {c["grade_id"]: c["verdict"] for c in record["cells"]}
case.expect(verdicts.get("test_squares") == "error", "bob's hidden test failed, as the case needs")
for dirpath, _, files in os.walk(os.path.join(case.course, "feedback")):
    for name in files:
        with open(os.path.join(dirpath, name), errors="replace") as f:
            case.expect(SECRET not in f.read(), f"{name} does not hold the hidden test's message")
sys.exit(case.finish())
