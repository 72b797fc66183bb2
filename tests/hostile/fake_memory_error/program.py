# Issue #14 item 17: MemoryError printed and raised by a program far below its memory limit. Only
# the kernel's and the cgroup's evidence may make a memory_limit verdict: this is an error.
import sys
print("Traceback (most recent call last):\nMemoryError", file=sys.stderr)
raise MemoryError("not really out of memory")
