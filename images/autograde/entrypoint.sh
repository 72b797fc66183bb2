#!/usr/bin/env bash
# Entry point of the autograde image. In a Kubernetes Indexed Job each pod grades one shard:
# the shard index is JOB_COMPLETION_INDEX, the shard count GRADEBOX_SHARD_COUNT (set it to the
# Job's completions). Without them the whole course is graded.
#   env: GRADEBOX_ASSIGNMENT (required), GRADEBOX_COURSE (default /course), GRADEBOX_JOBS,
#        GRADEBOX_ZYGOTE_SOCKET (a warm `gradebox runtime-serve` on a grading host or in a sidecar
#        sharing the pod's process namespace; without one, or when it does not match, the command
#        starts its own zygote)
set -euo pipefail
assignment=${GRADEBOX_ASSIGNMENT:?set GRADEBOX_ASSIGNMENT to the assignment to grade}
course=${GRADEBOX_COURSE:-/course}
args=(autograde "$assignment" --course "$course")
if [ -n "${JOB_COMPLETION_INDEX:-}" ]; then
  count=${GRADEBOX_SHARD_COUNT:?JOB_COMPLETION_INDEX is set: set GRADEBOX_SHARD_COUNT to the Job completions}
  if ! [[ $JOB_COMPLETION_INDEX =~ ^[0-9]+$ && $count =~ ^[1-9][0-9]*$ ]] || (( JOB_COMPLETION_INDEX >= count )); then
    echo "entrypoint: bad shard ${JOB_COMPLETION_INDEX}/${count}" >&2
    exit 2
  fi
  args+=(--shard "${JOB_COMPLETION_INDEX}/${count}")
fi
[ -n "${GRADEBOX_JOBS:-}" ] && args+=(--jobs "$GRADEBOX_JOBS")
[ -n "${GRADEBOX_ZYGOTE_SOCKET:-}" ] && args+=(--zygote "$GRADEBOX_ZYGOTE_SOCKET")
exec "${GRADEBOX_BIN:-gradebox}" "${args[@]}" "$@"
