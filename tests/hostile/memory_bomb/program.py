# Allocates (and touches) 16 MiB blocks until something stops it.
blocks = []
while True:
    blocks.append(b"\x01" * (16 << 20))
