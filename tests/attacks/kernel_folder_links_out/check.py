# Every link is refused: a root kernel's session works in a copy of the folder's regular files
# (the links and the FIFO are not copied); a non-root kernel's session works in the folder
# itself, and its read list does not reach the key, the home folder or the course root.
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# Lines the cell printed (the command line above them quotes the cell's code).
case.expect(not re.search(r"^READ ", case.output, re.M), "no link followed (a READ line is in the output)")
case.expect("sentinel" not in case.output, "the instructor's ssh key is not in the output")
case.expect(len(re.findall(r"^refused ", case.output, re.M)) == 3, "the three links refused")
case.expect("words: ['the', 'quick']" in case.output, "the folder's own data file readable")
case.expect("[cell status: ok]" in case.output, "the cell ran")
sys.exit(case.finish())
