# The key never reaches validate's output (the runner checks the home folder is unchanged).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
case.expect("OPENSSH PRIVATE KEY" not in case.output, "the private key is not in validate's output")
case.expect("STOLEN" not in case.output, "the notebook read nothing of the home folder")
case.expect("Success! Your notebook passes all the tests." in case.output,
            "validate ran the notebook (in its private copy) and it passed")
sys.exit(case.finish())
