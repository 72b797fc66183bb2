#!/usr/bin/env bash
# Sharded grading on a Slurm cluster (no Kubernetes): one array task per shard, the same shard
# semantics as the Kubernetes Indexed Job. Task ids must be contiguous; task i of n grades
# `--shard (i - min)/n`. The course lives on a shared filesystem; the signing key in a file
# readable only by the grading account (0400/0440).
#   sbatch --array=0-3 images/slurm/autograde-array.sh ps1 /shared/course /secure/signing.key
# Extra arguments after the key go to `gradebox autograde`. GRADEBOX_BIN: the gradebox to run
# (default: gradebox on PATH). Exit status is gradebox's: 1 only for the grader's own failure,
# so `sbatch --requeue` or a resubmission of the failed task ids is a real retry.
#SBATCH --job-name=gradebox-autograde
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
set -euo pipefail
usage="usage: autograde-array.sh ASSIGNMENT COURSE KEY [gradebox autograde options]"
assignment=${1:?$usage}
course=${2:?$usage}
key=${3:?$usage}
shift 3
task=${SLURM_ARRAY_TASK_ID:?not an array task: submit with sbatch --array=0-N}
count=${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT is not set (Slurm 17.11 or later sets it)}
first=${SLURM_ARRAY_TASK_MIN:-0}
if ! [[ $task =~ ^[0-9]+$ && $count =~ ^[1-9][0-9]*$ && $first =~ ^[0-9]+$ ]] ||
   (( task < first || task - first >= count )); then
  echo "autograde-array: task ${task} is not in ${first}..$((first + count - 1)): the array ids must be contiguous" >&2
  exit 2
fi
exec "${GRADEBOX_BIN:-gradebox}" autograde "$assignment" --course "$course" --key "$key" \
  --require-landlock --jobs "${SLURM_CPUS_PER_TASK:-2}" --shard "$((task - first))/${count}" "$@"
