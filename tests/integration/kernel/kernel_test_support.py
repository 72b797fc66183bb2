"""Shared set-up for the gradebox-kernel integration tests.

Installs the kernelspec of the gradebox-kernel under test (path in $GRADEBOX_KERNEL) into a
private directory and points JUPYTER_PATH at it, so jupyter_client finds exactly that kernel and
nothing from the machine. Also helpers to observe the kernel's process tree.
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time

KERNEL_NAME = "gradebox-test"
SKIP = 77  # ctest SKIP_RETURN_CODE

_installed = {}


def install_kernelspec(*limit_args, name=KERNEL_NAME):
    """Installs the kernelspec `name` with the given limit flags; returns the kernel name.

    Without a warm-zygote flag among them, with --no-warm-zygote: these tests observe the
    kernel's own zygote, and must leave no shared service behind (GRADEBOX_WARM_ZYGOTE then
    still turns it on, as test_kernel_warm_zygote does)."""
    if name in _installed:
        return name
    kernel = os.environ.get("GRADEBOX_KERNEL")
    if not kernel or not os.access(kernel, os.X_OK):
        print("skipped: GRADEBOX_KERNEL does not name an executable gradebox-kernel")
        sys.exit(SKIP)
    if not any(arg.startswith(("--warm-zygote", "--no-warm-zygote")) for arg in limit_args):
        limit_args += ("--no-warm-zygote",)
    prefix = tempfile.mkdtemp(prefix="gradebox-kernelspec-")
    atexit.register(shutil.rmtree, prefix, True)
    subprocess.run([kernel, "install", "--prefix", prefix, "--name", name, *limit_args],
                   check=True, stdout=subprocess.DEVNULL)
    data = os.path.join(prefix, "share", "jupyter")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [data] + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p])
    _installed[name] = prefix
    return name


def children(pid):
    """Direct children of pid, from /proc."""
    result = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            result.append(int(entry))
    return result


def process_tree(pid):
    """pid and all its descendants that are still alive (zombies excluded)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                state = stat.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            tree.append(current)
        todo.extend(children(current))
    return tree


def worker_scratch_dir(pid):
    """The --scratch argument of a gradebox-worker zygote process, else None."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            args = cmdline.read().decode(errors="replace").split("\0")
    except OSError:
        return None
    if "--scratch" in args[:-1]:
        return args[args.index("--scratch") + 1]
    return None


def cmdline(pid):
    """The arguments of a process, [] when it is gone."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().decode(errors="replace").split("\0")
    except OSError:
        return []


def parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return -1


def warm_zygote_services(runtime_dir):
    """Live per-user zygote services (gradebox-worker --listen ... --idle-exit) whose socket is
    under `runtime_dir` (the kernels' XDG_RUNTIME_DIR): the listeners' pids."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        args = cmdline(int(entry))
        if ("--listen" in args[:-1] and "--idle-exit" in args
                and args[args.index("--listen") + 1].startswith(runtime_dir + "/")
                and process_tree(int(entry))):
            found.append(int(entry))
    # A connection zygote is a fork of the listener (same cmdline): keep the listener only.
    return sorted(p for p in found if parent(p) not in found)


def wait_gone(pids, seconds=5):
    """Waits until none of pids is alive; returns those still alive after `seconds`."""
    deadline = time.monotonic() + seconds
    living = list(pids)
    while living and time.monotonic() < deadline:
        time.sleep(0.05)
        living = [p for p in living if alive(p)]
    return living


def alive(pid):
    """Whether pid is a live process (not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def kernel_pid(km):
    """The kernel process of a jupyter_client KernelManager (7.x keeps it in the provisioner)."""
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None) or getattr(km, "kernel", None)
    return process.pid


def run_cell(kc, code, timeout=30):
    """Executes code; returns (reply content, list of iopub messages for this request)."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        outputs.append(msg)
    return reply["content"], outputs


def isolation_level(kc):
    """The isolation level the kernel's banner reports."""
    msg_id = kc.kernel_info()
    reply = kc.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=30)
    for line in reply["content"]["banner"].splitlines():
        if line.startswith("Isolation level: "):
            return line.split(": ", 1)[1]
    return ""
