# No raw control character reaches the terminal; the folder is named, escaped, with the fix.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
case.expect("\x1b" not in case.output, "no raw ESC in any command's output")
forged_row = [line for line in case.output.splitlines()
              if line.startswith("alice           graded        10 of 10")]
case.expect(not forged_row, f"no forged table row, found {forged_row}")
case.expect("is not a valid student id" in case.output, "the folder is reported")
case.expect("eve\\e[2J" in case.output, "the folder is named with its control characters escaped")
case.expect(not os.path.exists(os.path.join(case.course, "records", "ps1")) or
            not any(name.startswith("eve") for name in os.listdir(os.path.join(case.course, "records", "ps1"))),
            "no record for the refused folder")
sys.exit(case.finish())
