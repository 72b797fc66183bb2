# The submitted timestamp.txt is a FIFO: reading it before checking its type blocks.
import os
import sys

folder = os.path.join(sys.argv[1], "submitted", "eve", "ps1")
os.remove(os.path.join(folder, "timestamp.txt"))
os.mkfifo(os.path.join(folder, "timestamp.txt"))
