"""The warm zygote tests (test_kernel_warm_zygote.py) with the kernel, its client and its service
running as an unprivileged uid (65534), as on JupyterHub, where the kernel runs as the student
and its sessions keep that uid: kernels attach, a restart is warm, and a session's attempts to
reach the service fail.

Run as root, it makes a home owned by 65534 (HOME, TMPDIR, Jupyter's dirs) and runs that test
file as 65534 through setpriv; run unprivileged, it runs it as itself. Skipped, saying why, when
setpriv is missing or 65534 cannot run the gradebox-kernel under test.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import kernel_test_support as support

NOBODY = 65534
HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "test_kernel_warm_zygote.py")


def as_nobody(home):
    setpriv = shutil.which("setpriv")
    if not setpriv:
        print("skipped: setpriv (util-linux) is not installed")
        raise SystemExit(support.SKIP)
    drop = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    kernel = os.environ.get("GRADEBOX_KERNEL", "")
    if subprocess.run(drop + [kernel, "--version"], capture_output=True).returncode != 0:
        print(f"skipped: uid {NOBODY} cannot run {kernel} (a directory on its path is private)")
        raise SystemExit(support.SKIP)
    env = dict(os.environ, HOME=home, TMPDIR=home, JUPYTER_DATA_DIR=f"{home}/data",
               JUPYTER_RUNTIME_DIR=f"{home}/runtime", JUPYTER_CONFIG_DIR=f"{home}/config",
               IPYTHONDIR=f"{home}/ipython")
    env.pop("XDG_RUNTIME_DIR", None)
    return subprocess.run(drop + [sys.executable, TESTS], env=env, cwd=home).returncode


def main():
    if os.geteuid() != 0:
        os.execv(sys.executable, [sys.executable, TESTS])
    home = tempfile.mkdtemp(prefix="gradebox-nobody-")
    try:
        os.chown(home, NOBODY, NOBODY)
        return as_nobody(home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
