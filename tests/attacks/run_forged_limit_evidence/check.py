# Only evidence the program cannot write (cgroup, kernel, the launcher) makes a limit verdict:
# a program that merely prints or raises MemoryError, or signals itself, ends in `error`.
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_checks import Case

case = Case()
start = case.output.find("\n{\n")  # the JSON verdict on stdout, after the command line
verdict = json.JSONDecoder().raw_decode(case.output[start + 1:])[0] if start >= 0 else {}
case.expect(verdict.get("verdict") == "error",
            f"verdict error (the program's own exit), got {verdict.get('verdict')} ({verdict.get('detail')})")
case.expect(not verdict.get("evidence"), f"no limit evidence, got {verdict.get('evidence')}")
sys.exit(case.finish())
