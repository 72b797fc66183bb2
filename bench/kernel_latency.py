#!/usr/bin/python3
"""Kernel latency and memory: gradebox-kernel against ipykernel and a do-nothing kernel (the
floor, bench/null_kernel.py), measured the same way and interleaved (one start of each kernel per
round, so load changes hit all alike). gradebox runs twice: as before (each kernel starts its own
zygote) and "warm" (--warm-zygote: kernels attach to the per-user zygote service, which one
unmeasured start brings up first; its processes count in the warm kernel's PSS).

Per start, through jupyter_client as Jupyter uses it:
  launch -> first result    start_kernel() until the reply and idle status of `1 + 1`
  restart -> first result   restart_kernel() (Jupyter's "Restart kernel") until the same again
  PSS                       proportional set size of every process of the kernel (kernel, worker
                            zygote, session; warm: plus the zygote service's listener and its
                            children), from /proc/<pid>/smaps_rollup, after the first result,
                            after the first completion request (`os.pa`: a student's first Tab)
                            and after a cell that imports pandas
  `pass` round trip         median of ROUNDS executes (request sent -> reply and idle received)
Every kernel starts in the same small notebook folder (one 10 KB data file), not in the caller's
cwd.
Medians over STARTS rounds are printed with the ratios gradebox/floor and gradebox/ipykernel.

usage: bench/kernel_latency.py PATH/TO/gradebox-kernel [--starts 5] [--rounds 100]
                               [--warm-args="--preload none"]  (more flags for the warm kernel)
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))
# label -> kernelspec. "service start": the warm kernelspec when no service runs (each such
# start first kills the service, so it measures the first kernel of a user starting one).
KERNELS = {"gradebox": "gradebox-bench", "service start": "gradebox-bench-warm",
           "gb warm": "gradebox-bench-warm", "ipykernel": "python3", "floor": "null-bench"}
WARM_IDLE_SECONDS = "600"


def wait_reply(kc, msg_id, timeout=120):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id, timeout=120):
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def execute_round_trip(kc, code):
    msg_id = kc.execute(code)
    wait_reply(kc, msg_id)
    wait_idle(kc, msg_id)


def first_result(kc):
    # A client connecting before the kernel's ports are open waits for its reconnect; Jupyter
    # frontends then send kernel_info until answered, as wait_for_ready does.
    kc.wait_for_ready(timeout=120)
    execute_round_trip(kc, "1 + 1")


def complete(kc, code):
    wait_reply(kc, kc.complete(code, len(code)))


def tree(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(
                        int(entry))
            except OSError:
                pass
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def zygote_services():
    """Listeners of the warm zygote services with their socket in this run's XDG_RUNTIME_DIR."""
    found = {}
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                args = cmdline.read().decode(errors="replace").split("\0")
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError):
            continue
        if ("--listen" in args[:-1] and "--idle-exit" in args
                and args[args.index("--listen") + 1].startswith(os.environ["XDG_RUNTIME_DIR"])):
            found[int(entry)] = parent
    return [pid for pid, parent in found.items() if parent not in found]


def stop_zygote_services():
    services = zygote_services()
    for pid in services:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in services) and time.monotonic() < deadline:
        time.sleep(0.01)  # detached, so init reaps it


def pss_kib(pids):
    total = 0
    for member in {m for pid in pids for m in tree(pid)}:
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    return (getattr(provisioner, "process", None) or km.kernel).pid


def measure(kernel_name, rounds, folder):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel(cwd=folder)
    kc = km.client()
    kc.start_channels()
    first_result(kc)
    launch = time.perf_counter() - started
    service = zygote_services() if kernel_name == KERNELS["gb warm"] else []
    processes = [kernel_pid(km)] + service
    pss = [pss_kib(processes)]
    complete(kc, "import os\nos.pa")
    pss.append(pss_kib(processes))
    trips = []
    for _ in range(rounds):
        t = time.perf_counter()
        execute_round_trip(kc, "pass")
        trips.append(time.perf_counter() - t)
    execute_round_trip(kc, "import pandas")
    pss.append(pss_kib(processes))
    started = time.perf_counter()
    km.restart_kernel(now=False)
    first_result(kc)
    restart = time.perf_counter() - started
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return (launch, restart, *pss, statistics.median(trips))


def install_kernelspecs(gradebox_kernel, prefix, warm_args):
    # Both without the installed default --warm-zygote: the cold one must stay cold, and the
    # warm one gets the run's own idle time and arguments below.
    for name in (KERNELS["gradebox"], KERNELS["gb warm"]):
        subprocess.run([gradebox_kernel, "install", "--prefix", prefix, "--name", name,
                        "--no-warm-zygote"], check=True, stdout=subprocess.DEVNULL)
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
    warm_spec = os.path.join(kernels, KERNELS["gb warm"], "kernel.json")
    with open(warm_spec) as spec:
        warm = json.load(spec)
    warm["argv"] += ["--warm-zygote", WARM_IDLE_SECONDS] + warm_args
    with open(warm_spec, "w") as spec:
        json.dump(warm, spec)
    os.makedirs(os.path.join(kernels, KERNELS["floor"]))
    with open(os.path.join(kernels, KERNELS["floor"], "kernel.json"), "w") as spec:
        json.dump({"argv": ["/usr/bin/python3", os.path.join(HERE, "null_kernel.py"),
                            "-f", "{connection_file}"],
                   "display_name": "do-nothing kernel", "language": "python"}, spec)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gradebox_kernel")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--warm-args", default="")
    args = parser.parse_args()

    prefix = tempfile.mkdtemp(prefix="gradebox-bench-")
    # The notebook's folder (the kernels' cwd): a small one, as a student's, whatever the
    # benchmark's own cwd (a root gradebox-kernel copies its folder into the session's scratch).
    folder = os.path.join(prefix, "notebook")
    os.makedirs(folder)
    with open(os.path.join(folder, "data.csv"), "w") as data:
        data.write("x,y\n" + "".join(f"{i},{i * i}\n" for i in range(1000)))
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="gradebox-bench-xdg-")
    os.environ.setdefault("GRADEBOX_LOG_LEVEL", "warn")
    runs = {label: [] for label in KERNELS}
    load_before = os.getloadavg()[0]
    try:
        install_kernelspecs(args.gradebox_kernel, prefix, args.warm_args.split())
        for _ in range(args.starts):
            for label, name in KERNELS.items():
                if label == "service start":
                    stop_zygote_services()
                runs[label].append(measure(name, args.rounds, folder))
    finally:
        stop_zygote_services()
        shutil.rmtree(prefix, ignore_errors=True)
        shutil.rmtree(os.environ["XDG_RUNTIME_DIR"], ignore_errors=True)
    medians = {label: [statistics.median(column) for column in zip(*rows)]
               for label, rows in runs.items()}

    print(f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, "
          f"median over {args.starts} interleaved starts; warm kernel: --warm-zygote "
          f"{WARM_IDLE_SECONDS} {args.warm_args}")
    rows = [("launch -> first result", 0, 1000, "ms"), ("restart -> first result", 1, 1000, "ms"),
            ("PSS after first result", 2, 1 / 1024, "MiB"),
            ("PSS after a completion", 3, 1 / 1024, "MiB"),
            ("PSS after import pandas", 4, 1 / 1024, "MiB"), ("`pass` round trip", 5, 1000, "ms")]
    print(f"{'':26}" + "".join(f"{label:>15}" for label in KERNELS))
    for label, i, scale, unit in rows:
        print(f"{label:26}" + "".join(f"{medians[k][i] * scale:11.1f} {unit:3}" for k in KERNELS))
    gradeboxes = ("gradebox", "service start", "gb warm")
    for base in ("floor", "ipykernel"):
        print(f"\n{'ratio to ' + base:26}" + "".join(f"{g:>15}" for g in gradeboxes))
        for label, i, _, _ in rows:
            print(f"{label:26}" + "".join(f"{medians[g][i] / medians[base][i]:14.2f}x"
                                          for g in gradeboxes))


if __name__ == "__main__":
    sys.exit(main())
