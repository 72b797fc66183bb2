# Leaks 4 MiB every 5 ms: the limit must catch a slow climb too.
import time
blocks = []
while True:
    blocks.append(b"\x02" * (4 << 20))
    time.sleep(0.005)
