import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# alice's answers: problem2 graded from the bytes read before any code ran, the FIFOs skipped.
record = case.record("eve")
points, _ = case.notebook_points(record, "problem2.ipynb")
case.expect(points == 3000, f"eve's problem2 graded as submitted (3 points), got {points} milli-points")
skipped = [f["notebook"] for f in record["tampering"] if f["kind"] == "skipped_file"]
case.expect("timestamp.txt" in skipped, f"the FIFO timestamp.txt reported as skipped, findings: {skipped}")
sys.exit(case.finish())
