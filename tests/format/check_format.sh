#!/usr/bin/env bash
# Every C++ file in the repository matches .clang-format (ctest format.clang_format). To fix:
#   git ls-files '*.cpp' '*.hpp' '*.c' '*.h' | xargs clang-format -i
set -euo pipefail
cd "${1:?usage: check_format.sh SOURCE_DIR}"
command -v clang-format >/dev/null || { echo "check_format: clang-format not installed"; exit 77; }
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.c' '*.h' 2>/dev/null ||
                     find . -path ./build -prune -o -regex '.*\.\(cpp\|hpp\|c\|h\)$' -print)
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
printf 'not formatted: %s\n' "${bad[@]}" | grep -v ': $' || true
echo "check_format: ${#files[@]} files, ${#bad[@]} not formatted (fix: clang-format -i FILE)"
[ ${#bad[@]} -eq 0 ]
