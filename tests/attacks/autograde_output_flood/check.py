import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# The grader keeps at most the budget of a notebook's output (it holds it in memory, and feedback
# must load the graded notebook): the rest is dropped with a notice; the grade is unchanged.
graded = os.path.join(case.autograded("eve"), "problem1.ipynb")
size = os.path.getsize(graded)
case.expect(size < (1 << 20) + 200_000, f"graded problem1.ipynb is {size} bytes, over the 1 MiB output budget")
with open(graded) as f:
    case.expect("output budget" in f.read(), "the graded notebook says output was dropped")
case.expect(case.record("eve")["totals"]["points_milli"] == 8000, "eve scores 8/10 like alice")
case.expect(os.path.exists(os.path.join(case.course, "feedback", "eve", "ps1", "problem1.html")),
            "feedback renders the graded notebook")
sys.exit(case.finish())
