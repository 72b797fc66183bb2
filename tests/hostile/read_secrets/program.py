# /etc/shadow and a root-only file (mode 0600, made readable to Landlock with --ro so only the
# privilege drop protects it).
import os
# The runner only passes HOSTILE_SECRET when it is root (a non-root runner's file is its own).
for path in ("/etc/shadow", os.environ.get("HOSTILE_SECRET", "/etc/shadow")):
    try:
        print("READ", path, open(path).read()[:10])
        raise SystemExit(3)
    except PermissionError as e:
        print("denied:", path)
