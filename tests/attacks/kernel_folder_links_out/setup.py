# A student's notebook folder inside the course copy: a data file, links to the course's private
# signing key, to the instructor's ssh key (the outside dir) and to the course root, and a FIFO
# (a root kernel's copy must not block on it).
import glob
import os
import sys

course, outside = sys.argv[1:3]
folder = os.path.join(course, "work", "ps1")
os.makedirs(folder)
with open(os.path.join(folder, "words.txt"), "w") as f:
    f.write("the quick brown fox\n")
key = glob.glob(os.path.join(course, ".gradebox", "keys", "*.key.pem"))[0]
os.symlink(key, os.path.join(folder, "key.pem"))
os.symlink(os.path.join(outside, "home", ".ssh", "id_ed25519"), os.path.join(folder, "ssh_key"))
os.symlink(course, os.path.join(folder, "course"))
os.mkfifo(os.path.join(folder, "pipe.txt"))
