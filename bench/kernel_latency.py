#!/usr/bin/python3
"""Kernel latency and memory: gradebox-kernel against ipykernel and a do-nothing kernel (the
floor, bench/null_kernel.py), measured the same way and interleaved (one start of each kernel per
round, so load changes hit all three alike).

Per start, through jupyter_client as Jupyter uses it:
  launch -> first result    start_kernel() until the reply and idle status of `1 + 1`
  restart -> first result   restart_kernel() (Jupyter's "Restart kernel") until the same again
  PSS                       proportional set size of every process of the kernel (kernel, worker
                            zygote, session), from /proc/<pid>/smaps_rollup, after the first result
  `pass` round trip         median of ROUNDS executes (request sent -> reply and idle received)
Medians over STARTS rounds are printed with the ratios gradebox/floor and gradebox/ipykernel.

usage: bench/kernel_latency.py PATH/TO/gradebox-kernel [--starts 5] [--rounds 100]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))
KERNELS = {"gradebox": "gradebox-bench", "ipykernel": "python3", "floor": "null-bench"}


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


def pss_kib(pid):
    total = 0
    for member in tree(pid):
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total


def kernel_pid(km):
    provisioner = getattr(km, "provisioner", None)
    return (getattr(provisioner, "process", None) or km.kernel).pid


def measure(kernel_name, rounds):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    first_result(kc)
    launch = time.perf_counter() - started
    pss = pss_kib(kernel_pid(km))
    trips = []
    for _ in range(rounds):
        t = time.perf_counter()
        execute_round_trip(kc, "pass")
        trips.append(time.perf_counter() - t)
    started = time.perf_counter()
    km.restart_kernel(now=False)
    first_result(kc)
    restart = time.perf_counter() - started
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return launch, restart, pss, statistics.median(trips)


def install_kernelspecs(gradebox_kernel, prefix):
    subprocess.run([gradebox_kernel, "install", "--prefix", prefix, "--name", KERNELS["gradebox"]],
                   check=True, stdout=subprocess.DEVNULL)
    kernels = os.path.join(prefix, "share", "jupyter", "kernels")
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
    args = parser.parse_args()

    prefix = tempfile.mkdtemp(prefix="gradebox-bench-")
    runs = {label: [] for label in KERNELS}
    load_before = os.getloadavg()[0]
    try:
        install_kernelspecs(args.gradebox_kernel, prefix)
        for _ in range(args.starts):
            for label, name in KERNELS.items():
                runs[label].append(measure(name, args.rounds))
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
    medians = {label: [statistics.median(column) for column in zip(*rows)]
               for label, rows in runs.items()}

    print(f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, "
          f"median over {args.starts} interleaved starts")
    print(f"{'':26} {'gradebox':>11} {'ipykernel':>11} {'floor':>11} {'gb/floor':>9} {'gb/ipyk':>8}")
    rows = [("launch -> first result", 0, 1000, "ms"), ("restart -> first result", 1, 1000, "ms"),
            ("PSS, all processes", 2, 1 / 1024, "MiB"), ("`pass` round trip", 3, 1000, "ms")]
    for label, i, scale, unit in rows:
        g, p, f = (medians[k][i] * scale for k in ("gradebox", "ipykernel", "floor"))
        print(f"{label:26} {g:8.1f} {unit:3}{p:8.1f} {unit:3}{f:8.1f} {unit:3}"
              f"{g / f if f else 0:8.2f}x {g / p:7.2f}x")


if __name__ == "__main__":
    sys.exit(main())
