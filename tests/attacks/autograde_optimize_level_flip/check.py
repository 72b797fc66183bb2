# The locked test cells are compiled with optimize=0 and the flipped flag is an integrity finding:
# eve's wrong squares() earns nothing from test_squares.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
record = case.record("eve")
cells = {c["grade_id"]: c for c in record["cells"]}
case.expect(cells["test_squares"]["points_milli"] == 0,
            f"0 points for test_squares (hidden asserts ran), got {cells['test_squares']['points_milli']}")
findings = str(record.get("tampering", [])) + str(record.get("integrity", [])) + str(cells["test_squares"])
case.expect("optimisation level" in findings or "interpreter_tampered" in findings,
            f"the flipped optimisation level recorded as an integrity finding, record: {findings[:600]}")
sys.exit(case.finish())
