#!/usr/bin/env bash
# What a pandas import costs at autograde: N submissions of an assignment whose solution and test
# cells use pandas, against the named baseline, the same assignment written with numpy only
# (issue target: pandas at most 1.5x the numpy one). Each round grades both assignments, one
# after the other, with a fresh `gradebox autograde` (its own zygote, the course's default
# preload), and measures the command's CPU including its reaped sessions (/usr/bin/time, user+sys)
# and its wall time, per submission. Prints each round and the median ratio pandas/numpy.
# Usage: bench/pandas_cost.sh <build dir>   (env: N=20 ROUNDS=3 JOBS=1)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: bench/pandas_cost.sh <build dir>" >&2; exit 2; }
/usr/bin/python3 -c "import pandas" 2>/dev/null || { echo "skipped: pandas not installed" >&2; exit 77; }
count=${N:-20}
rounds=${ROUNDS:-3}
jobs=${JOBS:-1}
build=$(cd "$1" && pwd)
gradebox=$build/grader/cli/gradebox
export GRADEBOX_WORKER=$build/kernel/worker/gradebox-worker
work=$(mktemp -d "${TMPDIR:-/tmp}/gradebox-pandas.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # student code runs as an unprivileged uid that must reach the grading dirs
course=$work/course

# The two assignments: same cells, same checks; only the library differs.
/usr/bin/python3 - "$course" <<'PY'
import json, pathlib, sys
course = pathlib.Path(sys.argv[1])
def cell(kind, source, **nbgrader):
    meta = {"nbgrader": {"schema_version": 3, "grade": False, "solution": False, "locked": False,
                         **nbgrader}} if nbgrader else {}
    c = {"cell_type": kind, "metadata": meta, "source": source}
    if kind == "code":
        c.update(execution_count=None, outputs=[])
    return c
solutions = {
    "numpy": "import numpy as np\n"
             "def column_means(rows):\n"
             "    ### BEGIN SOLUTION\n"
             "    return list(np.asarray(rows, dtype=float).mean(axis=0))\n"
             "    ### END SOLUTION\n",
    "pandas": "import pandas as pd\n"
              "def column_means(rows):\n"
              "    ### BEGIN SOLUTION\n"
              "    return list(pd.DataFrame(rows, dtype=float).mean(axis=0))\n"
              "    ### END SOLUTION\n",
}
tests = ["assert column_means([[1, 2], [3, 4]]) == [2.0, 3.0]\n",
         "assert column_means([[0, 0, 9]]) == [0.0, 0.0, 9.0]\n",
         "rows = [[i, 2 * i] for i in range(1000)]\nassert column_means(rows) == [499.5, 999.0]\n"]
for name, solution in solutions.items():
    cells = [cell("markdown", f"# Column means with {name}"),
             cell("code", solution, solution=True, grade_id="answer")]
    cells += [cell("code", t, grade=True, locked=True, grade_id=f"test{i}", points=1)
              for i, t in enumerate(tests)]
    nb = {"cells": cells, "nbformat": 4, "nbformat_minor": 4,
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}}}
    folder = course / "source" / name
    folder.mkdir(parents=True)
    (folder / "means.ipynb").write_text(json.dumps(nb, indent=1))
PY
"$gradebox" keygen --course "$course" > /dev/null
for assignment in numpy pandas; do
  "$gradebox" release "$assignment" --course "$course" > /dev/null
  for i in $(seq 1 "$count"); do
    mkdir -p "$course/submitted/s$i/$assignment"
    cp "$course/source/$assignment/means.ipynb" "$course/submitted/s$i/$assignment/"
  done
done

# CPU ms and wall ms per submission of one autograde run.
measure() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S" -o "$work/time" "$gradebox" autograde "$1" --course "$course" \
    --jobs "$jobs" --force > "$work/$1.log" 2>&1 || { cat "$work/$1.log"; exit 1; }
  end=$(date +%s%N)
  # Every submission is the solution: graded, 3 of 3, or the measure is of something else.
  [ "$(grep -cE '^s[0-9]+ +graded +3 +3 ' "$work/$1.log")" -eq "$count" ] ||
    { echo "not every submission scored 3/3:" >&2; cat "$work/$1.log" >&2; exit 1; }
  read -r user system < "$work/time"
  awk -v u="$user" -v s="$system" -v n="$count" -v w=$(((end - start) / 1000000)) \
    'BEGIN { printf "%.1f %.1f\n", (u + s) * 1000 / n, w / n }'
}

echo "pandas vs numpy autograde, $count submissions per run, --jobs $jobs, $(nproc) cores," \
  "load: $(cut -d' ' -f1-3 /proc/loadavg)"
measure numpy > /dev/null  # warm the page cache for both libraries
measure pandas > /dev/null
ratios=()
for round in $(seq 1 "$rounds"); do
  read -r numpy_cpu numpy_wall < <(measure numpy)
  read -r pandas_cpu pandas_wall < <(measure pandas)
  ratio=$(awk -v p="$pandas_cpu" -v b="$numpy_cpu" 'BEGIN { printf "%.2f", p / b }')
  ratios+=("$ratio")
  printf 'round %d: numpy (baseline) %6.1f ms CPU %6.1f ms wall; pandas %6.1f ms CPU %6.1f ms wall;' \
    "$round" "$numpy_cpu" "$numpy_wall" "$pandas_cpu" "$pandas_wall"
  printf ' CPU ratio pandas/numpy %s\n' "$ratio"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "median CPU ratio pandas/numpy: $median (target: at most 1.5)"
