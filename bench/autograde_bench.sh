#!/usr/bin/env bash
# Autograde throughput: 40 submissions of examples/course/ps1 (alice and bob alternating; the
# hostile mallory is left out so every run does the same work) graded by
#   1. gradebox autograde (sandbox on) with --jobs 1 and --jobs 2, each command starting its own
#      zygote (cold), then attached to a warm zygote service (`gradebox runtime-serve`, root only),
#   2. nbclient + ipykernel (Debian python3-nbclient) executing the same autograded notebooks,
#      one kernel per notebook, sequentially (how nbgrader executes),
#   3. the floor: the same cells run by IPython's run_cell in one warm python3 process (timed after
#      its imports), no isolation at all; for reference the same cells exec'd without IPython, and
#      both with a fork per notebook (bench/autograde_floors.py).
# Prints submissions/s for each and the ratios. Usage: bench/autograde_bench.sh <build dir> [N]
# SKIP_NBCLIENT=1 skips the nbclient baseline (minutes) while iterating.
set -euo pipefail
build=$(cd "${1:?usage: bench/autograde_bench.sh <build dir> [submissions]}" && pwd)
count=${2:-40}
here=$(cd "$(dirname "$0")/.." && pwd)
gradebox=$build/grader/cli/gradebox
work=$(mktemp -d "${TMPDIR:-/tmp}/gradebox-bench.XXXXXX")
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"  # student code runs as an unprivileged uid that must reach the grading dirs

course=$work/course
mkdir -p "$course"
cp -r "$here/examples/course/source" "$course/"
"$gradebox" keygen --course "$course" > /dev/null
"$gradebox" release ps1 --course "$course" > /dev/null
for i in $(seq 1 "$count"); do
  from=$([ $((i % 2)) -eq 0 ] && echo alice || echo bob)
  mkdir -p "$course/submitted/s$i"
  cp -r "$here/examples/course/submitted/$from/ps1" "$course/submitted/s$i/ps1"
done

now() { date +%s.%N; }
rate() { /usr/bin/python3 -c "print(f'{$1 / ($3 - $2):.2f}')"; }

declare -A per_second cpu_ms
runners=(gradebox_1 gradebox_2)
for jobs in 1 2; do
  start=$(now)
  "$gradebox" autograde ps1 --course "$course" --jobs "$jobs" --force --json > "$work/summary-$jobs.json"
  per_second[gradebox_$jobs]=$(rate "$count" "$start" "$(now)")
done

# The warm service: started once (its start is not timed, like the floor's imports), then each
# command attaches to it.
if [ "$(id -u)" -eq 0 ] && "$gradebox" --help | grep -q runtime-serve; then
  socket=$work/zygote.sock
  "$gradebox" runtime-serve --course "$course" --socket "$socket" > "$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 600); do [ -S "$socket" ] && break; sleep 0.1; done
  # One untimed run so the service's first connection is not what is measured.
  "$gradebox" autograde ps1 --course "$course" --student s1 --force --zygote "$socket" --json > /dev/null
  for jobs in 1 2; do
    start=$(now)
    "$gradebox" autograde ps1 --course "$course" --jobs "$jobs" --force --json --zygote "$socket" \
      > "$work/summary-service-$jobs.json" 2> "$work/service-$jobs.log"
    per_second[service_$jobs]=$(rate "$count" "$start" "$(now)")
    grep -q "attached to the zygote service" "$work/service-$jobs.log" ||
      { echo "not attached:"; cat "$work/service-$jobs.log"; exit 1; }
  done
  runners+=(service_1 service_2)
fi

# The notebooks both baselines execute: the autograded ones (tests restored, hidden tests in).
notebooks=$(find "$course/autograded" -name '*.ipynb' | sort)

per_second[nbclient]=0
if [ "${SKIP_NBCLIENT:-0}" != 1 ]; then
start=$(now)
/usr/bin/python3 - $notebooks <<'PY'
import sys, os, nbformat
from nbclient import NotebookClient
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=30, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": os.path.dirname(path)}}).execute()
PY
per_second[nbclient]=$(rate "$count" "$start" "$(now)")
runners+=(nbclient)
fi

# The floors (bench/autograde_floors.py): the same cells in one warm python3, no isolation, timed
# after its imports: run by IPython (the floor), exec'd, and both with a fork per notebook.
while read -r name rate cpu; do
  per_second[floor_$name]=$rate
  cpu_ms[floor_$name]=$cpu
  runners+=("floor_$name")
done < <(/usr/bin/python3 "$here/bench/autograde_floors.py" 2 $notebooks)

echo "submissions: $count (2 notebooks each), host: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in "${runners[@]}"; do
  echo "$k: ${per_second[$k]} submissions/s${cpu_ms[$k]:+, CPU ${cpu_ms[$k]} ms per submission}"
done
/usr/bin/python3 - "${per_second[gradebox_1]}" "${per_second[gradebox_2]}" "${per_second[nbclient]}" \
  "${per_second[floor_exec]}" "${per_second[service_1]:-0}" "${per_second[service_2]:-0}" \
  "${per_second[floor_ipython]}" "${per_second[floor_fork+ipython]}" <<'PY'
import sys
g1, g2, nb, exec_floor, s1, s2, ipython, fork_ipython = map(float, sys.argv[1:])
if nb:
    print(f"gradebox --jobs 1 vs nbclient: {g1 / nb:.1f}x (target >= 30x)")
    print(f"gradebox --jobs 2 vs nbclient: {g2 / nb:.1f}x")
print(f"cold --jobs 1: {ipython / g1:.2f}x slower than the floor; --jobs 2: {ipython / g2:.2f}x")
if s1:
    print(f"warm service --jobs 1: {ipython / s1:.2f}x slower than the floor; --jobs 2: "
          f"{ipython / s2:.2f}x (target <= 2x; the floor is a warm process too)")
print(f"references: the cells exec'd without IPython (floor_exec) run {exec_floor / ipython:.1f}x "
      f"faster than the floor; a fork per notebook with IPython (floor_fork+ipython) "
      f"{ipython / fork_ipython:.2f}x slower; against floor_exec the warm service is "
      f"{exec_floor / max(s1, g1):.1f}x slower")
print(f"--jobs 2 vs --jobs 1: {g2 / g1:.2f}x")
PY
