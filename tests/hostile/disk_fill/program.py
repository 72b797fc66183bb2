# Writes past the file-size limit: the write must fail (EFBIG), the file stays at the limit.
import os
with open("fill", "wb") as f:
    for _ in range(64):
        f.write(b"\0" * (1 << 20))
        f.flush()
