"""Cells run in the notebook's folder (the kernel's cwd), through jupyter_client and nbclient.

As a non-root user (JupyterHub's case) the session works in that folder itself and what it
writes survives a restart; as root it works in a private copy of the folder's regular files
(kernel/xeus/session_folder.hpp). Run as root, this script runs the non-root half again as
`nobody` (setpriv) when that user can reach the build."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import nbformat
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

import kernel_test_support as support

KERNEL = support.install_kernelspec("--memory", "512M")
SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEMO_PS1 = os.path.join(SOURCE_DIR, "examples", "course", "source", "ps1")
AS_USER = "--as-user" in sys.argv


def make_notebook_folder():
    folder = tempfile.mkdtemp(prefix="gradebox-notebook-")
    with open(os.path.join(folder, "words.txt"), "w") as f:
        f.write("the quick brown fox\n")
    os.mkdir(os.path.join(folder, "data"))
    with open(os.path.join(folder, "data", "table.csv"), "w") as f:
        f.write("a,b\n1,2\n")
    os.symlink("/etc/hostname", os.path.join(folder, "link"))
    return folder


def stdout_of(outputs):
    return "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")


class FolderTests(unittest.TestCase):
    def setUp(self):
        self.folder = make_notebook_folder()
        self.km, self.kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60,
                                            cwd=self.folder)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def run_ok(self, code):
        reply, outputs = support.run_cell(self.kc, code)
        self.assertEqual(reply["status"], "ok", reply.get("evalue"))
        return stdout_of(outputs)

    def test_files_next_to_the_notebook_are_readable_by_relative_path(self):
        self.assertEqual(self.run_ok("print(open('words.txt').read(), end='')"),
                         "the quick brown fox\n")
        self.assertEqual(self.run_ok("print(open('data/table.csv').read(), end='')"), "a,b\n1,2\n")

    def test_the_session_writes_files(self):
        self.assertEqual(self.run_ok("open('result.txt', 'w').write('42')\n"
                                     "print(open('result.txt').read())"), "42\n")

    @unittest.skipIf(AS_USER or os.geteuid() != 0, "the root rule")
    def test_as_root_the_session_works_in_a_private_copy(self):
        self.assertNotEqual(self.run_ok("import os; print(os.getcwd())").strip(), self.folder)
        self.assertEqual(self.run_ok("import os; print(os.path.lexists('link'))"), "False\n")
        self.run_ok("open('new.txt', 'w').write('x')\nopen('words.txt', 'a').write('more')")
        self.assertEqual(sorted(os.listdir(self.folder)), ["data", "link", "words.txt"])
        with open(os.path.join(self.folder, "words.txt")) as f:
            self.assertEqual(f.read(), "the quick brown fox\n")
        self.assertEqual(os.stat(self.folder).st_uid, 0, "the caller's folder was chowned")

    @unittest.skipUnless(AS_USER, "the non-root rule (run as a user)")
    def test_as_a_user_the_session_works_in_the_folder_and_files_survive_a_restart(self):
        self.assertEqual(self.run_ok("import os; print(os.getcwd())").strip(), self.folder)
        self.run_ok("open('saved.txt', 'w').write('kept')")
        with open(os.path.join(self.folder, "saved.txt")) as f:
            self.assertEqual(f.read(), "kept")
        self.assertEqual(os.stat(os.path.join(self.folder, "saved.txt")).st_uid, os.getuid())
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=60)
        self.assertEqual(self.run_ok("print(open('saved.txt').read())"), "kept\n")


class DemoCourseTests(unittest.TestCase):
    def test_demo_problem2_reads_words_txt_in_the_kernel(self):
        folder = tempfile.mkdtemp(prefix="gradebox-ps1-")
        self.addCleanup(shutil.rmtree, folder, True)
        for name in ("problem2.ipynb", "words.txt"):
            shutil.copy(os.path.join(DEMO_PS1, name), folder)
        nb = nbformat.read(os.path.join(folder, "problem2.ipynb"), as_version=4)
        NotebookClient(nb, kernel_name=KERNEL, timeout=60, startup_timeout=60,
                       resources={"metadata": {"path": folder}}).execute()
        errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                  if o["output_type"] == "error"]
        self.assertEqual(errors, [])


def run_as_nobody():
    """The non-root half, as `nobody`, when that user can run the build; else None."""
    if AS_USER or os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    kernel = os.environ["GRADEBOX_KERNEL"]
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            kernel, "--version"], capture_output=True)
    if probe.returncode != 0:
        print("non-root half skipped: nobody cannot run", kernel)
        return None
    home = tempfile.mkdtemp(prefix="gradebox-nobody-")
    os.chown(home, 65534, 65534)
    env = dict(os.environ, HOME=home, TMPDIR=home, JUPYTER_RUNTIME_DIR=os.path.join(home, "rt"),
               JUPYTER_DATA_DIR=os.path.join(home, "data"))
    env.pop("JUPYTER_PATH", None)
    try:
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               sys.executable, os.path.abspath(__file__), "--as-user"],
                              env=env, cwd=home).returncode
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    as_nobody = run_as_nobody()
    sys.argv = [a for a in sys.argv if a != "--as-user"]
    result = unittest.main(verbosity=2, exit=False).result
    failed = not result.wasSuccessful() or (as_nobody not in (None, 0))
    sys.exit(1 if failed else 0)
