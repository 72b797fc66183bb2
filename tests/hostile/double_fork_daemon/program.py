# Classic daemonisation: fork, setsid, fork again, parent exits at once. The grandchild must not
# outlive the run.
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(1000)
    os._exit(0)
os.wait()
print("daemon started")
