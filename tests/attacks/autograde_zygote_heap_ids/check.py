# The zygote every session forks from never saw another submission: no classmate's path is in
# zed's memory.
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case
from attack_setup import cell_outputs_text

case = Case()
text = cell_outputs_text(os.path.join(case.autograded("zed"), "problem1.ipynb"))
scan = re.search(r"heap scan: (\d+) bytes; classmates: (.*)", text)
case.expect(scan is not None and int(scan.group(1)) > 1 << 20,
            f"zed's scan ran over his session's memory, outputs: {text[:400]!r}")
case.expect(scan is not None and scan.group(2).strip() == "none",
            f"no classmate's path in zed's memory, found: {scan.group(2) if scan else None}")
sys.exit(case.finish())
