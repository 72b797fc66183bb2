# The notebook's folder the kernel starts in (as root the session works in a copy of it).
import os
import sys

folder = os.path.join(sys.argv[1], "work", "ps1")
os.makedirs(folder)
with open(os.path.join(folder, "words.txt"), "w") as f:
    f.write("the quick brown fox\n")
