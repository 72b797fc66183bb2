# A copy of bob's submission under a student id that clears the screen and forges a table row.
import os
import shutil
import sys

course = sys.argv[1]
forged = "eve\x1b[2J\x1b[H\nalice           graded        10 of 10"
shutil.copytree(os.path.join(course, "submitted", "bob", "ps1"),
                os.path.join(course, "submitted", forged, "ps1"))
# mallory's fork bomb is not this case's subject, and at the non-root rlimit level its sleepers
# outlive her session (issue 17 item 8), which the runner's process audit would report here.
shutil.rmtree(os.path.join(course, "submitted", "mallory"))
