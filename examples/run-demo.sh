#!/usr/bin/env bash
# `make demo`: the whole grading path on examples/course, in a scratch copy (the repository is
# never written to): keygen, release ps1, autograde the three submissions (alice correct, bob
# partial, mallory hostile), verify the signed records, write feedback pages, export the grades
# in nbgrader's CSV format. As root, the submissions travel through the nbgrader exchange:
# release-assignment, then alice, bob and mallory as uids 4301-4303 fetch and submit, collect;
# after the feedback, release-feedback and each student's fetch-feedback.
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

# Students as uids 4301-4303 with login names: /etc/passwd and /etc/group are bind-mounted copies
# in a private mount namespace, so the host's are never edited.
students="alice:4301 bob:4302 mallory:4303"
use_exchange=0
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && unshare -m --propagation private true 2>/dev/null; then
  use_exchange=1
fi
exchange=$work/exchange
with_student_names() { # runs a command where the students have login names (collect's owner check)
  unshare -m --propagation private sh -c \
    'mount --bind "$1" /etc/passwd && mount --bind "$2" /etc/group && shift 2 && cd "$HOME" && exec "$@"' \
    sh "$work/passwd" "$work/group" "$@"
}
as_student() { # as_student <name> <uid> <command...>: runs as that student in their home
  local name=$1 uid=$2; shift 2
  HOME=$work/home/$name USER=$name with_student_names setpriv --reuid="$uid" --regid="$uid" --clear-groups -- "$@"
}
student_step() { # student_step <name> <uid> <gradebox args...>
  local name=$1 uid=$2; shift 2
  echo "[$name, uid $uid]\$ gradebox $*"
  as_student "$name" "$uid" "$gradebox" "$@" --course-id demo101 --exchange "$exchange" ||
    { echo "(exit status $?)"; status=1; }
}

if [ "$use_exchange" = 1 ]; then
  section "2b. hand-out and collection through the nbgrader exchange (students as uids)"
  printf '[exchange]\nroot = "%s"\n' "$exchange" >"$course/gradebox.toml"
  printf 'c = get_config()\nc.CourseDirectory.course_id = "demo101"\n' >"$course/nbgrader_config.py"
  cp /etc/passwd "$work/passwd"; cp /etc/group "$work/group"
  mkdir -p "$work/home"; chmod 755 "$work/home"
  for entry in $students; do
    name=${entry%%:*} uid=${entry##*:}
    echo "$name:x:$uid:$uid::$work/home/$name:/bin/sh" >>"$work/passwd"
    echo "$name:x:$uid:" >>"$work/group"
    install -d -m 700 -o "$uid" -g "$uid" "$work/home/$name"
  done
  step "$gradebox" release-assignment ps1 --course "$course"
  for entry in $students; do
    name=${entry%%:*} uid=${entry##*:}
    student_step "$name" "$uid" fetch ps1
    # The student's work: the example submission's notebooks over the fetched ones.
    install -m 644 -o "$uid" -g "$uid" "$course/submitted/$name/ps1/"*.ipynb "$work/home/$name/ps1/"
    validate=--no-validate
    [ "$name" = alice ] && validate=  # alice validates first; the others skip it to keep the demo short
    student_step "$name" "$uid" submit ps1 $validate
  done
  rm -rf "$course/submitted"  # what is graded now is what the exchange collected
  step with_student_names "$gradebox" collect ps1 --course "$course"
fi

section "3. autograde alice (correct), bob (partial), mallory (hostile)"
"$gradebox" autograde ps1 --course "$course" --jobs 2
autograde_status=$?
echo "(autograde exit status $autograde_status: 0 unless the grader itself failed; a student's error is in the table)"

section "4. grading status (gradebox status)"
step "$gradebox" status ps1 --course "$course"

section "5. verify the signed records (gradebox verify)"
step "$gradebox" verify "$course/records" --course "$course"

section "6. feedback pages (gradebox feedback)"
step "$gradebox" feedback ps1 --course "$course"
find "$course/feedback" -name '*.html' | sort | sed "s#$course/##"

if [ "$use_exchange" = 1 ]; then
  section "6b. feedback through the exchange (each student finds only their own)"
  step "$gradebox" release-feedback ps1 --course "$course"
  for entry in $students; do
    name=${entry%%:*} uid=${entry##*:}
    student_step "$name" "$uid" fetch-feedback ps1
  done
  find "$work/home" -path '*feedback*' -name '*.html' | sort | sed "s#$work/##"
fi

if [ -x "$export_tool" ]; then
  section "7. export, nbgrader CSV (gradebox-export)"
  step "$export_tool" --format nbgrader --trust "$course/.gradebox/keys/trust.json" --records "$course/records"
fi

section "done"
echo "scratch course was $course (removed on exit)"
exit $status
