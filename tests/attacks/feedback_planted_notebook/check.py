# Feedback pages exist for the master copy's notebooks only, with the signed record's totals.
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
pages = os.path.join(case.course, "feedback", "eve", "ps1")
found = sorted(os.listdir(pages)) if os.path.isdir(pages) else []
case.expect(set(found) <= {"problem1.html", "problem2.html"},
            f"pages only for problem1 and problem2, found {found}")
record = case.record("eve")
totals = record["totals"]
index_path = os.path.join(case.course, "feedback", "index.ps1.html")
index = open(index_path).read() if os.path.exists(index_path) else ""
case.expect("bonus" not in index and "solutions" not in index, "the index links no planted page")
want = f"{totals['points_milli'] / 1000:g} / {totals['max_milli'] / 1000:g}"
case.expect(want in index, f"the index shows the record's total {want}")
for name in found:
    text = open(os.path.join(pages, name)).read()
    case.expect('id="cell-forged"' not in text, f"{name} shows no forged notebook's cell")
    case.expect("BEGIN SOLUTION" not in text, f"{name} shows no instructor source")
    case.expect(not re.search(r"Score: 9\d", text), f"{name} shows no forged score")
sys.exit(case.finish())
