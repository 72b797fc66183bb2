#!/usr/bin/python3
"""Baseline for bench/runtime_bench: ipykernel through jupyter_client (Debian packages).

Prints one JSON line: {"start_to_first_result_ms": [...], "pass_round_trip_ms": [...]}.
Usage: ipykernel_baseline.py STARTS ROUND_TRIPS
"""
import json
import sys
import time

from jupyter_client.manager import start_new_kernel


def run_and_wait(client, code):
    msg_id = client.execute(code)
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return


def main():
    starts, trips = int(sys.argv[1]), int(sys.argv[2])
    start_ms, trip_ms = [], []
    for i in range(starts):
        began = time.perf_counter()
        manager, client = start_new_kernel(kernel_name="python3")
        run_and_wait(client, "1+1")
        start_ms.append((time.perf_counter() - began) * 1000)
        if i == 0:
            for _ in range(trips):
                began = time.perf_counter()
                run_and_wait(client, "pass")
                trip_ms.append((time.perf_counter() - began) * 1000)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    print(json.dumps({"start_to_first_result_ms": start_ms, "pass_round_trip_ms": trip_ms}))


main()
