#!/bin/sh
# The kernelspec's command in the singleuser image: gradebox-kernel with the limits of the pod's
# environment. GRADEBOX_KERNEL_MEMORY, _PIDS, _CELL_TIMEOUT and _OUTPUT_LIMIT (the names of the
# JupyterHub values) become gradebox-kernel's --memory, --pids, --cell-timeout, --output-limit;
# unset, the kernel's defaults apply (1G, 256, no timeout, 16M: what the grader uses).
# GRADEBOX_KERNEL_WARM_ZYGOTE becomes --warm-zygote: seconds the student's warm zygote outlives
# their last kernel, 600 when unset, 0 for none (each kernel starts its own).
set -eu
warm_zygote="${GRADEBOX_KERNEL_WARM_ZYGOTE:-}"
set -- "$@" --warm-zygote "${warm_zygote:-600}"
[ -n "${GRADEBOX_KERNEL_MEMORY:-}" ] && set -- "$@" --memory "$GRADEBOX_KERNEL_MEMORY"
[ -n "${GRADEBOX_KERNEL_PIDS:-}" ] && set -- "$@" --pids "$GRADEBOX_KERNEL_PIDS"
[ -n "${GRADEBOX_KERNEL_CELL_TIMEOUT:-}" ] && set -- "$@" --cell-timeout "$GRADEBOX_KERNEL_CELL_TIMEOUT"
[ -n "${GRADEBOX_KERNEL_OUTPUT_LIMIT:-}" ] && set -- "$@" --output-limit "$GRADEBOX_KERNEL_OUTPUT_LIMIT"
exec gradebox-kernel "$@"
