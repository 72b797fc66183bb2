# eve's problem2 is unanswered: the source notebook linked in its place must not be graded as hers.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
record = case.record("eve")
points, _ = case.notebook_points(record, "problem2.ipynb")
case.expect(points == 0, f"0 points for eve's unanswered problem2, got {points} milli-points")
graded = os.path.join(case.autograded("eve"), "problem2.ipynb")
if case.expect(os.path.isfile(graded) and not os.path.islink(graded),
               f"{graded} is a regular file"):
    with open(graded) as f:
        case.expect("BEGIN SOLUTION" not in f.read(), "the graded problem2 holds no instructor solution")
sys.exit(case.finish())
