# Every link of the feedback index is relative: no scheme, no host.
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
index_path = os.path.join(case.course, "feedback", "index.ps1.html")
index = open(index_path).read() if os.path.exists(index_path) else ""
case.expect(index, "the feedback index was written")
for href in re.findall(r'href="([^"]*)"', index):
    case.expect(href.startswith("./") and ":" not in href, f"link {href!r} is relative, without a scheme")
case.expect("is not a valid student id" in case.output, "the folder is reported by autograde")
sys.exit(case.finish())
