import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# Without a notebook budget the eight cells take 12 s and every test runs; with it the cells
# after the budget are not run (verdict timeout, the reason naming the budget).
record = case.record("eve")
cells = {c["grade_id"]: c for c in record["cells"]}
late = cells["test_sum_of_squares"]
case.expect(late["verdict"] == "timeout" and late["points_milli"] == 0,
            f"test_sum_of_squares not run after the budget (timeout, 0 points): {late}")
with open(os.path.join(case.autograded("eve"), "problem1.ipynb")) as f:
    text = f.read()
case.expect("notebook_timeout_seconds" in text, "the graded notebook says which budget ran out")
points, _ = case.notebook_points(record, "problem2.ipynb")
case.expect(points == 3000, f"problem2 has a budget of its own and is graded (3 points), got {points}")
sys.exit(case.finish())
