import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# The runner's audit finds any setuid, world-writable or sandbox-owned entry; here: nothing a
# session made reaches autograded/, and eve is graded as alice would be.
folder = case.autograded("eve")
case.expect(sorted(os.listdir(folder)) == ["problem1.ipynb", "problem2.ipynb", "timestamp.txt", "words.txt"],
            f"autograded/eve/ps1 holds the submission, the data file and the graded notebooks only: {sorted(os.listdir(folder))}")
case.expect(case.record("eve")["totals"]["points_milli"] == 8000, "eve scores 8/10 like alice")
sys.exit(case.finish())
