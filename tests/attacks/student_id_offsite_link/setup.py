# A copy of bob's submission under a student id that reads as a URL.
import os
import shutil
import sys

course = sys.argv[1]
shutil.copytree(os.path.join(course, "submitted", "bob", "ps1"),
                os.path.join(course, "submitted", "https:attacker.example", "ps1"))
