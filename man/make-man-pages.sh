#!/usr/bin/env bash
# Writes the man pages (section 1) from the tools' own --help, so the pages and `--help` cannot
# disagree: one page per tool and one per `gradebox` subcommand (git style: gradebox-autograde(1)).
# Usage: make-man-pages.sh OUTDIR VERSION gradebox=PATH [tool=PATH ...]
set -euo pipefail
out=${1:?OUTDIR}; version=${2:?VERSION}; shift 2
mkdir -p "$out"
wrappers=$(mktemp -d)
trap 'rm -rf "$wrappers"' EXIT

# A program help2man can run: NAME --help prints TOOL [ARGS] --help with the build path replaced
# by the installed name SHOWN.
wrapper() { # NAME SHOWN TOOL_PATH [ARGS...]
  local name=$1 shown=$2 path=$3; shift 3
  {
    echo '#!/usr/bin/env bash'
    printf '"%s" %s "$@" 2>&1 | sed "s#%s#%s#g"\n' "$path" "$*" "$path" "$shown"
  } > "$wrappers/$name"
  chmod +x "$wrappers/$name"
}

page() { # NAME SUMMARY
  help2man --no-info --no-discard-stderr --version-string="$version" --name="$2" \
           --section=1 --output="$out/$1.1" "$wrappers/$1"
}

gradebox=
for spec in "$@"; do
  name=${spec%%=*}; path=${spec#*=}
  wrapper "$name" "$name" "$path"
  summary=$("$path" --help 2>&1 | sed -n '1{s/^[^:]*: //;p}')
  page "$name" "$summary"
  [ "$name" = gradebox ] && gradebox=$path
done

[ -n "$gradebox" ] || { echo "make-man-pages: gradebox=PATH is required" >&2; exit 2; }
"$gradebox" --help | sed -n '/^Subcommands:/,$p' | tail -n +2 |
while read -r sub summary; do
  [ -n "$sub" ] || continue
  wrapper "gradebox-$sub" gradebox "$gradebox" "$sub"
  page "gradebox-$sub" "$summary"
done
