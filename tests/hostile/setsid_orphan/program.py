# A child in its own session, orphaned when the parent exits.
import os, time
if os.fork() == 0:
    os.setsid()
    time.sleep(1000)
    os._exit(0)
print("orphan left")
