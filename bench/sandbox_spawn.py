#!/usr/bin/python3
"""Spawn-to-exit of /bin/true: plain fork/exec (the baseline) vs gradebox-run at each isolation
level this host reaches. Prints the median per variant, the overhead over the baseline in ms and
the ratio. Usage: bench/sandbox_spawn.py BUILD_DIR/sandbox/gradebox-run [runs]"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

LEVELS = ["rlimit", "cgroup1", "cgroup2"]


def median_ms(argv, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    gradebox_run = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    probe = json.loads(subprocess.run([gradebox_run, "--probe", "--json"], capture_output=True,
                                      check=True, text=True).stdout)
    levels = LEVELS[: LEVELS.index(probe["best_level"]) + 1]
    scratch = tempfile.mkdtemp(prefix="gradebox-bench-")
    try:
        median_ms(["/bin/true"], 10)  # warm caches
        baseline = median_ms(["/bin/true"], runs)
        print(f"load average {os.getloadavg()[0]:.2f}, {runs} runs each, median spawn-to-exit")
        print(f"{'variant':34} {'median ms':>10} {'overhead ms':>12} {'ratio':>7}")
        print(f"{'plain fork/exec /bin/true':34} {baseline:10.2f} {0:12.2f} {1:7.2f}")
        for level in levels:
            argv = [gradebox_run, "--level", level, "--rw", scratch, "--", "/bin/true"]
            median_ms(argv, 5)
            m = median_ms(argv, runs)
            print(f"{'gradebox-run --level ' + level:34} {m:10.2f} {m - baseline:12.2f} {m / baseline:7.2f}")
    finally:
        os.rmdir(scratch)


if __name__ == "__main__":
    main()
