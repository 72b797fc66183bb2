#!/usr/bin/python3
"""The floor for bench/kernel_latency.py: a Jupyter kernel that does nothing and answers every
request at once (kernel_info, execute with an `ok` reply and busy/idle, shutdown). Whatever a
real kernel takes beyond this is its own cost; what this takes is jupyter_client's.

usage (kernel.json argv): null_kernel.py -f CONNECTION_FILE
"""
import json
import signal
import sys

import zmq
from jupyter_client.session import Session


def main():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # jupyter_client interrupts before it kills
    with open(sys.argv[sys.argv.index("-f") + 1]) as f:
        connection = json.load(f)
    session = Session(key=connection["key"].encode(), signature_scheme=connection["signature_scheme"])
    context = zmq.Context()
    address = f"{connection['transport']}://{connection['ip']}:"
    sockets = {}
    for name, kind in (("shell", zmq.ROUTER), ("control", zmq.ROUTER), ("stdin", zmq.ROUTER),
                       ("iopub", zmq.PUB), ("hb", zmq.REP)):
        sockets[name] = context.socket(kind)
        sockets[name].bind(address + str(connection[name + "_port"]))
    poller = zmq.Poller()
    for name in ("shell", "control", "hb"):
        poller.register(sockets[name], zmq.POLLIN)
    count = 0
    info = {"status": "ok", "protocol_version": "5.3", "implementation": "null",
            "implementation_version": "0", "banner": "",
            "language_info": {"name": "python", "version": "3", "mimetype": "text/x-python",
                              "file_extension": ".py"}}
    while True:
        for socket, _ in poller.poll():
            if socket is sockets["hb"]:
                socket.send(socket.recv())
                continue
            identities, message = session.feed_identities(socket.recv_multipart())
            request = session.deserialize(message)
            kind = request["header"]["msg_type"]
            session.send(sockets["iopub"], "status", {"execution_state": "busy"}, parent=request)
            if kind == "kernel_info_request":
                content = info
            elif kind == "execute_request":
                count += 1
                content = {"status": "ok", "execution_count": count, "payload": [],
                           "user_expressions": {}}
            elif kind == "shutdown_request":
                content = {"status": "ok", "restart": request["content"].get("restart", False)}
            else:
                content = {"status": "ok"}
            session.send(socket, kind.replace("_request", "_reply"), content, parent=request,
                         ident=identities)
            session.send(sockets["iopub"], "status", {"execution_state": "idle"}, parent=request)
            if kind == "shutdown_request":
                return 0


if __name__ == "__main__":
    sys.exit(main())
