import socket
try:
    print(socket.getaddrinfo("example.com", 80))
    raise SystemExit(3)
except OSError as e:
    print("no dns:", e)
