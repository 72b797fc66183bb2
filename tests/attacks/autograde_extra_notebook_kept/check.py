import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
folder = case.autograded("eve")
case.expect(not os.path.lexists(os.path.join(folder, "bonus.ipynb")),
            "no bonus.ipynb in autograded/eve/ps1 (what a session wrote is not kept)")
feedback = os.path.join(case.course, "feedback", "eve", "ps1")
pages = sorted(os.listdir(feedback)) if os.path.isdir(feedback) else []
case.expect(not any(p.startswith("bonus") for p in pages), f"no feedback page for bonus.ipynb: {pages}")
sys.exit(case.finish())
