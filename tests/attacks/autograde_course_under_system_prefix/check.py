# A session cannot read a course kept under /opt or /usr/local: the Landlock read list is
# computed (Python's prefix, library dirs), not the broad system prefixes.
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case
from attack_setup import cell_outputs_text

case = Case()
mode = os.environ["ATTACK_MODE"]
for folder in (f"/opt/gradebox-attack-item5-{mode}", f"/usr/local/share/gradebox-attack-item5-{mode}"):
    shutil.rmtree(folder, ignore_errors=True)
text = cell_outputs_text(os.path.join(case.autograded("eve"), "problem1.ipynb"))
case.expect("item5-planted-solution" not in text and "READ" not in text,
            f"nothing planted under /opt or /usr/local read by the session, outputs: {text[:400]!r}")
case.expect(text.count("blocked") == 2, f"both reads refused, outputs: {text[:400]!r}")
sys.exit(case.finish())
