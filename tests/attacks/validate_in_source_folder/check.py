# problem2 reads words.txt from its folder: the private copy holds it, so the tests pass.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
case.expect("Success! Your notebook passes all the tests." in case.output,
            "validate ran the source notebook with its data file")
sys.exit(case.finish())
