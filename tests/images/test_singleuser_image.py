"""The singleuser image as Zero to JupyterHub starts it: jupyterhub-singleuser is there, the
Notebook server offers gradebox-python as its default and only kernel, and gradebox-python runs
a cell for a jupyter_client on the host under the pod's security settings (uid 1000:100, all
capabilities dropped, no privilege escalation), with GRADEBOX_KERNEL_MEMORY a real limit.
"""
import json
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request
import uuid
from pathlib import Path

from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from podman_support import SINGLEUSER, Podman

KERNELSPEC = "/usr/local/share/jupyter/kernels/gradebox-python/kernel.json"
POD_SECURITY = ["--user", "1000:100", "--cap-drop=ALL", "--security-opt", "no-new-privileges",
                "--network", "host"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Container:
    """A detached container of the singleuser image, removed on exit."""

    def __init__(self, podman, *argv, options=()):
        self.podman, self.name = podman, f"gradebox-test-{uuid.uuid4().hex[:12]}"
        subprocess.run(podman.command("run", "-d", "--rm", "--no-healthcheck", "--name", self.name,
                                      *podman.run_flags,
                                      *POD_SECURITY, *options, SINGLEUSER, *argv),
                       check=True, capture_output=True)

    def logs(self):
        return subprocess.run(self.podman.command("logs", self.name), capture_output=True,
                              text=True).stderr

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        subprocess.run(self.podman.command("rm", "-f", "-t", "2", self.name), capture_output=True)


class SingleuserImage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.podman = Podman()

    def test_jupyterhub_singleuser_is_the_start_command(self):
        done = self.podman.run(SINGLEUSER, "jupyterhub-singleuser", "--version", check=True)
        self.assertRegex(done.stdout + done.stderr, r"\d+\.\d+")
        inspect = subprocess.run(self.podman.command("image", "inspect", SINGLEUSER),
                                 capture_output=True, text=True, check=True)
        config = json.loads(inspect.stdout)[0]["Config"]
        self.assertEqual(config["Cmd"][0], "jupyterhub-singleuser")
        self.assertEqual(config["User"], "1000:100")
        self.assertEqual(config["WorkingDir"], "/home/jovyan")

    def test_notebook_server_offers_only_gradebox_python(self):
        port, token = free_port(), uuid.uuid4().hex
        with Container(self.podman, "jupyter", "notebook", "--no-browser", "--ip=127.0.0.1",
                       f"--port={port}", f"--NotebookApp.token={token}") as server:
            specs = self.get_json(f"http://127.0.0.1:{port}/api/kernelspecs?token={token}", server)
            self.assertEqual(specs["default"], "gradebox-python")
            self.assertEqual(list(specs["kernelspecs"]), ["gradebox-python"])
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/tree?token={token}") as page:
                self.assertEqual(page.status, 200)

    def get_json(self, url, server, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    return json.load(reply)
            except OSError:
                if time.monotonic() > deadline:
                    self.fail(f"no answer from {url}:\n{server.logs()}")
                time.sleep(1)

    def test_cell_runs_in_gradebox_python_with_the_pod_memory_limit(self):
        spec = json.loads(self.podman.run(SINGLEUSER, "cat", KERNELSPEC, check=True).stdout)
        with tempfile.TemporaryDirectory() as scratch:
            Path(scratch).chmod(0o755)
            # A real key: with jupyter_client's default empty key xeus refuses every message.
            connection, _ = write_connection_file(f"{scratch}/kernel.json", ip="127.0.0.1",
                                                  key=uuid.uuid4().hex.encode())
            Path(connection).chmod(0o644)
            argv = [a.replace("{connection_file}", "/conn/kernel.json") for a in spec["argv"]]
            options = ["-v", f"{scratch}:/conn:ro", "-e", "GRADEBOX_KERNEL_MEMORY=300M"]
            with Container(self.podman, *argv, options=options) as kernel:
                client = BlockingKernelClient(connection_file=connection)
                client.load_connection_file()
                client.start_channels()
                try:
                    client.wait_for_ready(timeout=120)
                except RuntimeError:
                    self.fail(f"gradebox-python did not start:\n{kernel.logs()}")
                self.assertEqual(self.run_cell(client, "print(6 * 7)"), ("ok", "42\n"))
                status, _ = self.run_cell(client, "block = bytearray(600 * 2**20)")
                self.assertEqual(status, "error", "600 MB fit under GRADEBOX_KERNEL_MEMORY=300M")
                client.stop_channels()

    @staticmethod
    def run_cell(client, code):
        stdout = []
        reply = client.execute_interactive(
            code, timeout=120,
            output_hook=lambda m: stdout.append(m["content"].get("text", ""))
            if m["msg_type"] == "stream" else None)
        content = reply["content"]
        if content["status"] == "error":
            print(f"cell {code!r}: {content.get('ename')}: {content.get('evalue')}")
        return content["status"], "".join(stdout)


if __name__ == "__main__":
    sys.exit(unittest.main(verbosity=2))
