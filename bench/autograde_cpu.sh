#!/usr/bin/env bash
# CPU per submission of `gradebox autograde` attached to a warm zygote service, for one or more
# builds, interleaved (A/B on a shared host, where wall-clock rates move with other people's load
# but CPU per submission does not): N submissions of examples/course/ps1 (alice and bob
# alternating), each build with its own `gradebox runtime-serve` (root only), ROUNDS rounds.
# Prints, per run: submissions/s, the command's own CPU (user+sys, /usr/bin/time) and the sessions'
# CPU (the service's reaped children: zygote, spare and session children, from /proc/PID/stat),
# each per submission, and the sessions' minor page faults (copy-on-write of the zygote's heap).
# A build given as <build dir>:<file> grades a course of its own with that file as its
# gradebox.toml (e.g. another runtime.preload), so one build can be compared with itself.
# Usage: bench/autograde_cpu.sh <build dir>[:<gradebox.toml>]...   (env: N=40 ROUNDS=3 JOBS=1)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/autograde_cpu.sh <build dir>[:<gradebox.toml>]..." >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "skipped: runtime-serve needs root" >&2; exit 77; }
count=${N:-40}
rounds=${ROUNDS:-3}
jobs=${JOBS:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
builds=()
configs=()
for spec in "$@"; do
  builds+=("$(cd "${spec%%:*}" && pwd)")
  configs+=("$([ "$spec" != "${spec%%:*}" ] && readlink -f "${spec#*:}" || true)")
done
work=$(mktemp -d "${TMPDIR:-/tmp}/gradebox-cpu.XXXXXX")
services=()
cleanup() {
  for pid in "${services[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"  # student code runs as an unprivileged uid that must reach the grading dirs

gradebox_of() { echo "$1/grader/cli/gradebox"; }
worker_of() { echo "$1/kernel/worker/gradebox-worker"; }

# The course build $1 grades: examples/course/ps1 released, $count submissions.
make_course() {
  local course=$work/course-$1 build=${builds[$1]} i from
  mkdir -p "$course"
  cp -r "$here/examples/course/source" "$course/"
  if [ -n "${configs[$1]}" ]; then cp "${configs[$1]}" "$course/gradebox.toml"; fi
  "$(gradebox_of "$build")" keygen --course "$course" > /dev/null
  "$(gradebox_of "$build")" release ps1 --course "$course" > /dev/null
  for i in $(seq 1 "$count"); do
    from=$([ $((i % 2)) -eq 0 ] && echo alice || echo bob)
    mkdir -p "$course/submitted/s$i"
    cp -r "$here/examples/course/submitted/$from/ps1" "$course/submitted/s$i/ps1"
  done
}

declare -A listener
for index in "${!builds[@]}"; do
  build=${builds[$index]}
  course=$work/course-$index
  make_course "$index"
  socket=$work/zygote-$index.sock
  GRADEBOX_WORKER=$(worker_of "$build") "$(gradebox_of "$build")" runtime-serve --course "$course" \
    --socket "$socket" > "$work/serve-$index.log" 2>&1 &
  services+=($!)
  for _ in $(seq 1 600); do [ -S "$socket" ] && break; sleep 0.1; done
  # The service forks one zygote per connection from this listener; reaped CPU adds up here.
  for _ in $(seq 1 50); do listener[$index]=$(pgrep -P "$!" | head -1) && break; sleep 0.1; done
  # One untimed run, so the service's first connection is not what is measured.
  GRADEBOX_WORKER=$(worker_of "$build") "$(gradebox_of "$build")" autograde ps1 --course "$course" \
    --student s1 --force --zygote "$socket" > "$work/first-$index.log" 2>&1
  grep -q "attached to the zygote service" "$work/first-$index.log" ||
    { echo "not attached: $build"; cat "$work/first-$index.log" "$work/serve-$index.log"; exit 1; }
done

reaped_ticks() { awk '{print $16 + $17}' "/proc/$1/stat"; }
reaped_faults() { awk '{print $11}' "/proc/$1/stat"; }
echo "submissions: $count per run, --jobs $jobs, host: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for index in "${!builds[@]}"; do
    build=${builds[$index]}
    course=$work/course-$index
    before=$(reaped_ticks "${listener[$index]}")
    faults_before=$(reaped_faults "${listener[$index]}")
    start=$(date +%s.%N)
    GRADEBOX_WORKER=$(worker_of "$build") /usr/bin/time -f "%U %S" -o "$work/time" \
      "$(gradebox_of "$build")" autograde ps1 --course "$course" --jobs "$jobs" --force \
      --zygote "$work/zygote-$index.sock" > /dev/null 2>&1
    end=$(date +%s.%N)
    sleep 0.3  # the last session's exit is reaped after the command returns
    after=$(reaped_ticks "${listener[$index]}")
    faults=$(($(reaped_faults "${listener[$index]}") - faults_before))
    label=$build${configs[$index]:+:${configs[$index]}}
    /usr/bin/python3 - "$label" "$count" "$start" "$end" "$before" "$after" "$(getconf CLK_TCK)" \
      $(cat "$work/time") "$faults" <<'PY'
import sys
build, n, start, end, before, after, tick, user, system, faults = sys.argv[1:]
n = int(n)
wall = float(end) - float(start)
client = (float(user) + float(system)) * 1000 / n
sessions = (float(after) - float(before)) / float(tick) * 1000 / n
print(f"{build}: {n / wall:6.1f} submissions/s  CPU per submission: command {client:5.1f} ms, "
      f"sessions {sessions:5.1f} ms, total {client + sessions:5.1f} ms, "
      f"session page faults {int(faults) / n:5.0f}")
PY
  done
done
