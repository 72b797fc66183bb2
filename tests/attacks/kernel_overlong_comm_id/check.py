# The kernel outlived the frontend's overlong comm ids: the cell after them ran and answered.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
case.expect("after the frontend's messages: 42" in case.output, "the cell after the messages ran")
case.expect("[cell status: ok]" in case.output, "its reply came from a live kernel")
sys.exit(case.finish())
