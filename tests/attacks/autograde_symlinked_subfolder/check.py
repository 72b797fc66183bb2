import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# The runner checks that source/ is unchanged (content, owner, mode); here: b.ipynb is graded
# as eve submitted it (unanswered: 0 points), and autograded/eve/ps2/part2 is a real folder.
record = case.record("eve", "ps2")
points, _ = case.notebook_points(record, "part2/b.ipynb")
case.expect(points == 0, f"0 points for eve's unanswered part2/b.ipynb, got {points}")
part2 = os.path.join(case.autograded("eve", "ps2"), "part2")
case.expect(os.path.isdir(part2) and not os.path.islink(part2), f"{part2} is a folder, not a link")
sys.exit(case.finish())
