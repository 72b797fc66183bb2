# The session's files were written; the runner's audit has found the run's TMPDIR empty (the
# killed kernel's scratch swept by the next kernel's start) and no process left.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
case.expect("filled" in case.output and "[cell status: ok]" in case.output,
            "the cell filled its working folder")
sys.exit(case.finish())
