# Four processes of 48 MiB each: every one stays under a per-process limit (RLIMIT_AS), the tree
# does not. The limit is on the run, not on one process.
import os, time
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        block = b"\x03" * (48 << 20)
        time.sleep(5)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
print("all done")
