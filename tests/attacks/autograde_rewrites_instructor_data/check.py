import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# eve's count_words keeps punctuation ("dog."): against the instructor's words.txt the hidden
# test fails, so test_count_words earns nothing.
cells = {c["grade_id"]: c for c in case.record("eve")["cells"]}
case.expect(cells["test_count_words"]["points_milli"] == 0,
            f"0 points for test_count_words, got {cells['test_count_words']['points_milli']}")
with open(os.path.join(case.autograded("eve"), "words.txt")) as f:
    case.expect(f.read().startswith("The quick brown fox"), "autograded/eve/ps1/words.txt is the instructor's")
sys.exit(case.finish())
