# No cell of the export starts a formula: = + - @ TAB CR are neutralised unless the cell is a number.
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


case = Case()
path = os.path.join(os.path.dirname(case.course), "exports", "canvas.csv")
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
cells = [cell for row in rows for cell in row]
for cell in cells:
    case.expect(not cell or cell[0] not in "=+-@\t\r" or is_number(cell),
                f"cell {cell!r} cannot run as a formula")
case.expect(any("=HYPERLINK" in cell for cell in cells), "the name is kept (neutralised)")
case.expect("'-5+cmd" in cells, "the LMS id of the '=2+5' record's student is kept, neutralised")
sys.exit(case.finish())
