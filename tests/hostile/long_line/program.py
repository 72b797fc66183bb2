# One 100 MB line.
import sys
sys.stdout.buffer.write(b"z" * (100 * 1000 * 1000) + b"\n")
