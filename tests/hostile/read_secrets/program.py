# /etc/shadow and a root-only file (mode 0600, made readable to Landlock with --ro so only the
# privilege drop protects it).
import os
for path in ("/etc/shadow", os.environ["HOSTILE_SECRET"]):
    try:
        print("READ", path, open(path).read()[:10])
        raise SystemExit(3)
    except PermissionError as e:
        print("denied:", path)
