#!/usr/bin/env bash
# Prints the global and run flags `podman` needs on this host, found by trying them on the base
# image, one per line: "global: ..." then "run: ...". Two host quirks are known:
#  - crun refuses hybrid cgroup hosts whose cgroup2 still lists controllers ("cgroups in hybrid
#    mode not supported"): runc (Debian's runc package) runs there;
#  - root without CAP_SYS_RESOURCE cannot raise the rlimits podman sets by default (RLIMIT_NOFILE
#    1048576): explicit --ulimit values below the host's hard limits start.
#   images/podman-flags.sh IMAGE       exit 1 when nothing tried starts a container
set -uo pipefail
image=${1:?usage: podman-flags.sh IMAGE}
ulimits="--ulimit nofile=8192:8192 --ulimit nproc=16384:16384"
for global in "" "--runtime runc"; do
  for run in "" "$ulimits"; do
    # shellcheck disable=SC2086  # flags are words
    if podman $global run --rm $run "$image" true >/dev/null 2>&1; then
      echo "global: $global"
      echo "run: $run"
      exit 0
    fi
  done
done
echo "podman-flags: no podman configuration starts $image here:" >&2
podman run --rm "$image" true >&2
exit 1
