#!/usr/bin/python3
"""Spawn-to-exit of /bin/true: plain fork/exec (the baseline) vs gradebox-run at each isolation
level this host reaches (as root these join the empty network namespace gradebox-run keeps at
/run/gradebox/netns), plus (when root) the same with --private-netns, a network namespace made for
each run. Prints the median per variant, the overhead over the baseline in ms, the ratio and the
CPU time (user+sys of gradebox-run and everything it reaped), which bounds the overhead on an
idle machine.

Usage: bench/sandbox_spawn.py BUILD_DIR/sandbox/gradebox-run [runs] [OTHER_GRADEBOX_RUN]
OTHER_GRADEBOX_RUN (e.g. a build of an older commit) adds its rows; all variants are measured
round-robin, one run of each in turn, so a load change on a shared machine hits them alike."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

LEVELS = ["rlimit", "cgroup1", "cgroup2"]


def one_run(argv):
    """Wall ms and CPU ms (user+sys of the process and everything it reaped)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped above
    return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    gradebox_run = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    other = sys.argv[3] if len(sys.argv) > 3 else None
    probe = json.loads(subprocess.run([gradebox_run, "--probe", "--json"], capture_output=True,
                                      check=True, text=True).stdout)
    levels = LEVELS[: LEVELS.index(probe["best_level"]) + 1]
    scratch = tempfile.mkdtemp(prefix="gradebox-bench-")
    variants = [("plain fork/exec /bin/true", ["/bin/true"])]
    for binary, label in [(gradebox_run, "gradebox-run")] + ([(other, "other")] if other else []):
        for level in levels:
            argv = [binary, "--level", level, "--rw", scratch, "--", "/bin/true"]
            variants.append((f"{label} --level {level}", argv))
        if os.geteuid() == 0 and label == "gradebox-run":
            for level in levels:
                argv = [binary, "--level", level, "--private-netns", "--rw", scratch, "--",
                        "/bin/true"]
                variants.append((f"{label} --level {level} --private-netns", argv))
    try:
        for _, argv in variants:  # warm caches
            for _ in range(5):
                one_run(argv)
        load_before = os.getloadavg()[0]
        samples = {name: ([], []) for name, _ in variants}
        for _ in range(runs):
            for name, argv in variants:
                wall, cpu = one_run(argv)
                samples[name][0].append(wall)
                samples[name][1].append(cpu)
        print(f"load average {load_before:.2f} -> {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs, "
              f"{runs} runs each (round-robin), median spawn-to-exit")
        baseline = statistics.median(samples[variants[0][0]][0])
        print(f"{'variant':46} {'wall ms':>8} {'overhead ms':>12} {'ratio':>7} {'cpu ms':>7}")
        for name, _ in variants:
            wall = statistics.median(samples[name][0])
            cpu = statistics.median(samples[name][1])
            print(f"{name:46} {wall:8.2f} {wall - baseline:12.2f} {wall / baseline:7.2f} {cpu:7.2f}")
    finally:
        os.rmdir(scratch)


if __name__ == "__main__":
    main()
