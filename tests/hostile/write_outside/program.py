# Writes outside the writable dir: /tmp, /etc, the program's own (read-only) directory.
import os
for path in (os.environ["HOSTILE_OUTSIDE"], "/etc/gradebox-hostile", os.path.join(os.path.dirname(__file__), "dropped"), "/dev/shm/gradebox-hostile"):
    try:
        open(path, "w").write("x")
        print("WROTE", path)
        raise SystemExit(3)
    except OSError as e:
        print("denied:", path, e.strerror)
open("inside", "w").write("fine")
print("inside ok")
