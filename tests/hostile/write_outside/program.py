# Writes outside the writable dir: /tmp, /etc, the program's own (read-only) directory; and to
# /dev/shm, which is the run's own when it has a mount namespace (the runner checks the host's).
import os
outside = os.environ["HOSTILE_OUTSIDE"]
for path in (outside, "/etc/gradebox-hostile", os.path.join(os.path.dirname(__file__), "dropped")):
    try:
        open(path, "w").write("x")
        print("WROTE", path)
        raise SystemExit(3)
    except OSError as e:
        print("denied:", path, e.strerror)
try:
    open(os.path.join("/dev/shm", os.path.basename(outside)), "w").write("x")
except OSError as e:
    print("denied: /dev/shm", e.strerror)
open("inside", "w").write("fine")
print("inside ok")
