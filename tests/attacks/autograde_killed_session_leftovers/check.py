# The killed session is that notebook's verdict; the rest of the submission is graded, and the
# runner's audit has found no scratch dir and no process left.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
record = case.record("eve")
points, _ = case.notebook_points(record, "problem2.ipynb")
case.expect(points > 0, f"problem2 graded after problem1's session was killed, got {points} milli-points")
squares_points, _ = case.notebook_points(record, "problem1.ipynb")
case.expect(squares_points == 0, f"no points for the killed problem1, got {squares_points}")
sys.exit(case.finish())
