#!/usr/bin/env bash
# `make demo`: the whole grading path on examples/course, in a scratch copy (the repository is
# never written to): keygen, release ps1, autograde the three submissions (alice correct, bob
# partial, mallory hostile), verify the signed records, write feedback pages, export the grades
# in nbgrader's CSV format.
# Usage: examples/run-demo.sh <build dir>
set -uo pipefail

build=${1:?usage: examples/run-demo.sh <build dir>}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
gradebox=$build/grader/cli/gradebox
export_tool=$build/grader/export/gradebox-export
[ -x "$gradebox" ] || { echo "run-demo: $gradebox not built (make build first)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gradebox-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"  # student code runs as an unprivileged uid that must reach the grading dirs
cp -r "$here/course" "$work/course"
rm -rf "$work/course/release" "$work/course/autograded" "$work/course/feedback" \
       "$work/course/records" "$work/course/.gradebox"
course=$work/course
status=0

section() { printf '\n==== %s ====\n' "$*"; }
step() { # runs a command, remembering a failure without stopping the demo
  echo "\$ ${*/#$build\//}"
  "$@" || { echo "(exit status $?)"; status=1; }
}

section "1. signing key (gradebox keygen)"
step "$gradebox" keygen --course "$course"

section "2. release ps1 (gradebox release)"
step "$gradebox" release ps1 --course "$course"

section "3. autograde alice (correct), bob (partial), mallory (hostile)"
"$gradebox" autograde ps1 --course "$course" --jobs 2
autograde_status=$?
echo "(autograde exit status $autograde_status: non-zero means a submission errored)"

section "4. grading status (gradebox status)"
step "$gradebox" status ps1 --course "$course"

section "5. verify the signed records (gradebox verify)"
step "$gradebox" verify "$course/records" --course "$course"

section "6. feedback pages (gradebox feedback)"
step "$gradebox" feedback ps1 --course "$course"
find "$course/feedback" -name '*.html' | sort | sed "s#$course/##"

if [ -x "$export_tool" ]; then
  section "7. export, nbgrader CSV (gradebox-export)"
  step "$export_tool" --format nbgrader --trust "$course/.gradebox/keys/trust.json" --records "$course/records"
fi

section "done"
echo "scratch course was $course (removed on exit)"
exit $status
