#!/usr/bin/env bash
# Entry point of the autograde image: one `gradebox autograde` run, built from the environment.
# In a Kubernetes Indexed Job each pod grades one shard: the index is JOB_COMPLETION_INDEX, the
# count GRADEBOX_SHARD_COUNT (keep it equal to the Job's completions). Without them the whole
# course is graded. Extra arguments are passed on to `gradebox autograde`.
#   GRADEBOX_ASSIGNMENT        required
#   GRADEBOX_COURSE            course root (default /course)
#   GRADEBOX_SIGNING_KEY_FILE  signing key (a mounted Secret), passed as --key
#   GRADEBOX_REQUIRE_LANDLOCK  1 (default) adds --require-landlock; 0 grades without it
#   GRADEBOX_JOBS, GRADEBOX_ZYGOTE_SOCKET   --jobs, --zygote
# Exit status is gradebox's: 1 only for the grader's own failures (a hostile or broken submission
# is an `error` record, counted in the shard's manifest), so a Job retries only real failures.
set -euo pipefail
assignment=${GRADEBOX_ASSIGNMENT:?set GRADEBOX_ASSIGNMENT to the assignment to grade}
args=(autograde "$assignment" --course "${GRADEBOX_COURSE:-/course}")
if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  count=${GRADEBOX_SHARD_COUNT:?JOB_COMPLETION_INDEX is set: set GRADEBOX_SHARD_COUNT to the Job completions}
  if ! [[ $JOB_COMPLETION_INDEX =~ ^[0-9]+$ && $count =~ ^[1-9][0-9]*$ ]] || (( JOB_COMPLETION_INDEX >= count )); then
    echo "entrypoint: bad shard ${JOB_COMPLETION_INDEX}/${count}" >&2
    exit 2
  fi
  args+=(--shard "${JOB_COMPLETION_INDEX}/${count}")
fi
[ -n "${GRADEBOX_SIGNING_KEY_FILE:-}" ] && args+=(--key "$GRADEBOX_SIGNING_KEY_FILE")
[ "${GRADEBOX_REQUIRE_LANDLOCK:-1}" = 1 ] && args+=(--require-landlock)
[ -n "${GRADEBOX_JOBS:-}" ] && args+=(--jobs "$GRADEBOX_JOBS")
[ -n "${GRADEBOX_ZYGOTE_SOCKET:-}" ] && args+=(--zygote "$GRADEBOX_ZYGOTE_SOCKET")
exec "${GRADEBOX_BIN:-gradebox}" "${args[@]}" "$@"
