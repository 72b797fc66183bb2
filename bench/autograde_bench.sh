#!/usr/bin/env bash
# Autograde throughput: 40 submissions of examples/course/ps1 (alice and bob alternating; the
# hostile mallory is left out so every run does the same work) graded by
#   1. gradebox autograde (sandbox on) with --jobs 1 and --jobs 2,
#   2. nbclient + ipykernel (Debian python3-nbclient) executing the same autograded notebooks,
#      one kernel per notebook, sequentially (how nbgrader executes),
#   3. the floor: the same cells exec'd in one warm python3 process, no isolation at all.
# Prints submissions/s for each and the ratios. Usage: bench/autograde_bench.sh <build dir> [N]
set -euo pipefail
build=$(cd "${1:?usage: bench/autograde_bench.sh <build dir> [submissions]}" && pwd)
count=${2:-40}
here=$(cd "$(dirname "$0")/.." && pwd)
gradebox=$build/grader/cli/gradebox
work=$(mktemp -d "${TMPDIR:-/tmp}/gradebox-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
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

declare -A per_second
for jobs in 1 2; do
  start=$(now)
  "$gradebox" autograde ps1 --course "$course" --jobs "$jobs" --force --json > "$work/summary-$jobs.json"
  per_second[gradebox_$jobs]=$(rate "$count" "$start" "$(now)")
done

# The notebooks both baselines execute: the autograded ones (tests restored, hidden tests in).
notebooks=$(find "$course/autograded" -name '*.ipynb' | sort)

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

start=$(now)
/usr/bin/python3 - $notebooks <<'PY'
import sys, os, json, contextlib, io, traceback
import numpy  # warm, like the zygote
for path in sys.argv[1:]:
    nb = json.load(open(path))
    os.chdir(os.path.dirname(path))
    namespace = {"__name__": "__main__"}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                exec(compile("".join(cell["source"]), "<cell>", "exec"), namespace)
            except Exception:
                traceback.format_exc()
PY
per_second[floor]=$(rate "$count" "$start" "$(now)")

echo "submissions: $count (2 notebooks each), host: $(nproc) cores"
for k in gradebox_1 gradebox_2 nbclient floor; do echo "$k: ${per_second[$k]} submissions/s"; done
/usr/bin/python3 - "${per_second[gradebox_1]}" "${per_second[gradebox_2]}" "${per_second[nbclient]}" "${per_second[floor]}" <<'PY'
import sys
g1, g2, nb, floor = map(float, sys.argv[1:])
print(f"gradebox --jobs 1 vs nbclient: {g1 / nb:.1f}x (target >= 30x)")
print(f"gradebox --jobs 2 vs nbclient: {g2 / nb:.1f}x")
print(f"floor vs gradebox --jobs 1: {floor / g1:.2f}x slower than the floor (target <= 2x)")
print(f"--jobs 2 vs --jobs 1: {g2 / g1:.2f}x")
PY
