# Tries to reach a loopback listener the test owns; it must receive nothing.
import os, socket
port = int(os.environ["HOSTILE_PORT"])
for family, address in ((socket.AF_INET, ("127.0.0.1", port)), (socket.AF_INET6, ("::1", port))):
    try:
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(1)
        s.connect(address)
        print("CONNECTED", address)
        raise SystemExit(3)
    except OSError as e:
        print("refused:", e)
