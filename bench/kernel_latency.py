#!/usr/bin/python3
"""Kernel start and execute latency: gradebox-kernel against ipykernel, measured the same way.

For each kernel: launch it with jupyter_client, send kernel_info_request at once and time the
reply (start -> kernel_info_reply); then time the first execute of `pass` (start -> ready to run
code); then time ROUNDS execute round trips of `pass` (request sent -> execute_reply and the idle
status both received). Repeated STARTS times; medians are printed with gradebox/ipykernel ratios.

usage: bench/kernel_latency.py PATH/TO/gradebox-kernel [--starts 5] [--rounds 200]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def wait_reply(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_shell_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return


def execute_round_trip(kc, code="pass"):
    msg_id = kc.execute(code)
    wait_reply(kc, msg_id)
    wait_idle(kc, msg_id)


def measure(kernel_name, rounds):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    wait_reply(kc, kc.kernel_info())
    info = time.perf_counter() - started
    # The iopub subscription may join after the kernel's first messages (ZeroMQ's slow joiner):
    # wait until iopub delivers before waiting there for an execute's idle status.
    kc.wait_for_ready(timeout=60)
    execute_round_trip(kc)
    first_execute = time.perf_counter() - started
    trips = []
    for _ in range(rounds):
        t = time.perf_counter()
        execute_round_trip(kc)
        trips.append(time.perf_counter() - t)
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return info, first_execute, statistics.median(trips)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("gradebox_kernel")
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    prefix = tempfile.mkdtemp(prefix="gradebox-bench-")
    try:
        subprocess.run([args.gradebox_kernel, "install", "--prefix", prefix, "--name",
                        "gradebox-bench"], check=True, stdout=subprocess.DEVNULL)
        os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
        results = {}
        for name in ("gradebox-bench", "python3"):
            runs = [measure(name, args.rounds) for _ in range(args.starts)]
            results[name] = [statistics.median(column) for column in zip(*runs)]
    finally:
        shutil.rmtree(prefix, ignore_errors=True)

    labels = ["start -> kernel_info_reply", "start -> first execute_reply", "execute `pass` round trip"]
    print(f"{'median over ' + str(args.starts) + ' starts':32} {'gradebox-kernel':>16} {'ipykernel':>12} {'ipykernel/gradebox':>20}")
    for i, label in enumerate(labels):
        g, p = results["gradebox-bench"][i], results["python3"][i]
        print(f"{label:32} {g * 1000:13.2f} ms {p * 1000:9.2f} ms {p / g:19.2f}x")


if __name__ == "__main__":
    sys.exit(main())
