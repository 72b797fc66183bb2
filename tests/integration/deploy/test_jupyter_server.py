"""gradebox-kernel behind a real Jupyter server (Debian's python3-jupyter-server), as JupyterHub's
single-user servers run it: the kernelspec installed as deployments install it (default options,
so with the per-user warm zygote) into a private JUPYTER_PATH, a session created through the REST
API, a cell executed over the kernel's websocket (tornado's client, which jupyter-server itself
depends on), the banner read from kernel_info, then everything shut down: no process of the
server's tree left behind, and only the warm zygote service, idle, outliving it.

Environment: GRADEBOX_KERNEL (the gradebox-kernel under test), GRADEBOX_SOURCE_DIR. Exits 77
(ctest SKIP_RETURN_CODE) with a printed reason when jupyter-server is not installed.
"""
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid

SKIP = 77
PYTHON = "/usr/bin/python3"

try:
    import jupyter_server  # noqa: F401  (only checking it is installed)
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect
except ImportError as missing:
    print(f"skipped: {missing}; install python3-jupyter-server (scripts/install-deps.sh)")
    sys.exit(SKIP)

KERNEL = os.environ.get("GRADEBOX_KERNEL", "")
if not os.access(KERNEL, os.X_OK):
    print("skipped: GRADEBOX_KERNEL does not name an executable gradebox-kernel")
    sys.exit(SKIP)

sys.path.insert(0, os.path.join(os.environ["GRADEBOX_SOURCE_DIR"], "tests", "integration", "kernel"))
from kernel_test_support import children, process_tree, wait_gone, warm_zygote_services  # noqa: E402

TOKEN = uuid.uuid4().hex


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def message(msg_type, content, channel="shell"):
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "test",
                       "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel}


class JupyterServer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="gradebox-jupyter-server-")
        os.chmod(cls.tmp, 0o755)  # the sandbox's unprivileged uid runs in the notebook dir
        prefix = os.path.join(cls.tmp, "prefix")
        subprocess.run([KERNEL, "install", "--prefix", prefix, "--cell-timeout", "30"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.notebooks = os.path.join(cls.tmp, "notebooks")
        os.makedirs(cls.notebooks, mode=0o755)
        cls.runtime_dir = os.path.join(cls.tmp, "xdg")  # where the warm zygote service goes
        os.makedirs(cls.runtime_dir, mode=0o700)
        env = dict(os.environ,
                   JUPYTER_PATH=os.path.join(prefix, "share", "jupyter"),
                   JUPYTER_DATA_DIR=os.path.join(cls.tmp, "data"),
                   JUPYTER_CONFIG_DIR=os.path.join(cls.tmp, "config"),
                   JUPYTER_RUNTIME_DIR=os.path.join(cls.tmp, "runtime"),
                   XDG_RUNTIME_DIR=cls.runtime_dir,
                   GRADEBOX_LOG_LEVEL="warn")
        cls.port = free_port()
        cls.base = f"http://127.0.0.1:{cls.port}"
        cls.log = open(os.path.join(cls.tmp, "server.log"), "w+")
        cls.server = subprocess.Popen(
            [PYTHON, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={cls.port}",
             "--ServerApp.port_retries=0", f"--ServerApp.token={TOKEN}",
             "--ServerApp.open_browser=False", f"--ServerApp.root_dir={cls.notebooks}",
             "--allow-root"],
            env=env, stdout=cls.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                cls.api("GET", "/api/status")
                break
            except OSError:
                if cls.server.poll() is not None or time.monotonic() > deadline:
                    cls.log.seek(0)
                    raise AssertionError("jupyter-server did not start:\n" + cls.log.read())
                time.sleep(0.2)

    @classmethod
    def tearDownClass(cls):
        if cls.server.poll() is None:
            os.killpg(cls.server.pid, signal.SIGTERM)
            try:
                cls.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(cls.server.pid, signal.SIGKILL)
                cls.server.wait()
        cls.log.close()
        services = warm_zygote_services(cls.runtime_dir)
        for pid in services:
            os.kill(pid, signal.SIGTERM)
        wait_gone(services)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def api(cls, method, path, body=None):
        request = urllib.request.Request(
            cls.base + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)

    async def converse(self, kernel_id):
        """kernel_info and one execute over /api/kernels/<id>/channels; returns what came back."""
        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"}))

        async def request(msg):
            ws.write_message(json.dumps(msg))
            msg_id, reply, iopub, idle = msg["header"]["msg_id"], None, [], False
            while reply is None or not idle:
                raw = await asyncio.wait_for(ws.read_message(), timeout=60)
                self.assertIsNotNone(raw, "the websocket closed")
                got = json.loads(raw)
                if got["parent_header"].get("msg_id") != msg_id:
                    continue
                if got["channel"] == "shell":
                    reply = got
                elif got["channel"] == "iopub":
                    if got["msg_type"] == "status" and got["content"]["execution_state"] == "idle":
                        idle = True
                    else:
                        iopub.append(got)
            return reply, iopub

        execute = await request(message("execute_request", {
            "code": "import sys\nprint(6 * 7)\n'ok' * 2", "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}))
        info, _ = await request(message("kernel_info_request", {}))
        ws.close()
        return execute, info

    def test_session_executes_a_cell_and_shuts_down_cleanly(self):
        status, specs = self.api("GET", "/api/kernelspecs")
        self.assertIn("gradebox-python", specs["kernelspecs"])
        self.assertEqual(os.path.realpath(specs["kernelspecs"]["gradebox-python"]["spec"]["argv"][0]),
                         os.path.realpath(KERNEL))

        status, session = self.api("POST", "/api/sessions", {
            "path": "hello.ipynb", "name": "hello.ipynb", "type": "notebook",
            "kernel": {"name": "gradebox-python"}})
        self.assertEqual(status, 201)
        kernel_id = session["kernel"]["id"]
        self.assertEqual(session["kernel"]["name"], "gradebox-python")

        (reply, iopub), info = asyncio.run(self.converse(kernel_id))
        self.assertEqual(reply["msg_type"], "execute_reply")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        streams = "".join(m["content"]["text"] for m in iopub if m["msg_type"] == "stream")
        self.assertEqual(streams, "42\n")
        results = [m["content"]["data"]["text/plain"] for m in iopub if m["msg_type"] == "execute_result"]
        self.assertEqual(results, ["'okok'"])
        banner = info["content"]["banner"]
        self.assertTrue(banner.startswith("gradebox "), banner)
        self.assertIn("in a sandbox", banner)
        self.assertRegex(banner, r"Isolation level: (cgroup2|cgroup1|rlimit)")
        self.assertEqual(info["content"]["implementation"], "gradebox")

        # gradebox-kernel hangs off the server; its worker (a connection zygote, with the
        # session child below it) hangs off the user's warm zygote service, which the kernel
        # started detached from itself. All but the service must be gone once the session is
        # deleted.
        gradebox = [p for p in process_tree(self.server.pid)
                    if p != self.server.pid and "gradebox" in cmdline(p)]
        self.assertGreaterEqual(len(gradebox), 1, "expected gradebox-kernel")
        [service] = warm_zygote_services(self.runtime_dir)
        self.assertNotIn(service, gradebox)
        connection = children(service)
        self.assertEqual(len(connection), 1, "expected the kernel's connection zygote")
        status, _ = self.api("DELETE", f"/api/sessions/{session['id']}")
        self.assertEqual(status, 204)
        self.assertEqual(wait_gone(gradebox + process_tree(connection[0]), seconds=15), [])
        _, kernels = self.api("GET", "/api/kernels")
        self.assertEqual(kernels, [])
        self.assertEqual(warm_zygote_services(self.runtime_dir), [service],
                         "the service outlives its kernels for its idle time")

        # Then the server itself: nothing of its tree may survive it.
        tree = process_tree(self.server.pid)
        status, _ = self.api("POST", "/api/shutdown")
        self.assertIn(status, (200, 202, 204))
        self.server.wait(timeout=30)
        self.assertEqual(wait_gone(tree, seconds=10), [])


if __name__ == "__main__":
    unittest.main()
