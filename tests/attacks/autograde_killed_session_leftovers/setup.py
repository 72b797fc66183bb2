# eve's session leaves as much as it can in its scratch dir and dies by SIGKILL mid-notebook:
# the runner's audit then finds the commands' TMPDIR empty, or the case fails. (No child is forked
# to outlive it: at the non-root rlimit level such a child survives its session, issue 17 item 8,
# which the runner's process audit would report here.)
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_setup import submit_with_solution

submit_with_solution(sys.argv[1], "eve", "squares", r'''import os, signal
for i in range(200):
    with open(f"leftover-{i}.txt", "w") as f:
        f.write("x" * 4096)
os.makedirs("closed/deeper", exist_ok=True)
open("closed/deeper/file.txt", "w").write("y")
os.chmod("closed/deeper", 0)
os.chmod("closed", 0)
os.symlink("/etc", "out")
os.kill(os.getpid(), signal.SIGKILL)
''')
