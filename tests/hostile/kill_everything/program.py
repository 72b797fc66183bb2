# kill(-1, SIGKILL) and killing the parent: neither may touch the host or gradebox-run.
import os, signal
try:
    os.kill(-1, signal.SIGKILL)
except OSError as e:
    print("kill -1:", e)
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError as e:
    print("kill parent:", e)
print("still here")
