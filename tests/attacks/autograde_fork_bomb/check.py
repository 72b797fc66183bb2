import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
# The pids limit stops the bomb (cgroup pids.max, or RLIMIT_NPROC: in the session's own user
# namespace, else counted above the grader uid's tasks), the session's processes die with it
# (the runner audits that none is left), and the rest of her notebook still grades.
record = case.record("mallory")
case.expect(record["status"] == "graded", f"mallory's record is {record['status']}: {record.get('error')}")
case.expect(record["totals"]["points_milli"] == 1000,
            f"mallory scores {record['totals']['points_milli'] / 1000}/10, expected 1/10")
sys.exit(case.finish())
