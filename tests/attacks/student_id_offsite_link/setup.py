# A copy of bob's submission under a student id that reads as a URL.
import os
import shutil
import sys

course = sys.argv[1]
shutil.copytree(os.path.join(course, "submitted", "bob", "ps1"),
                os.path.join(course, "submitted", "https:attacker.example", "ps1"))
# mallory's fork bomb is not this case's subject, and at the non-root rlimit level its sleepers
# outlive her session (issue 17 item 8), which the runner's process audit would report here.
shutil.rmtree(os.path.join(course, "submitted", "mallory"))
