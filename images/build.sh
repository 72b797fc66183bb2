#!/usr/bin/env bash
# Builds gradebox and installs it under a prefix. The Dockerfiles call this script, so the image
# build steps can be run and tested on a plain Debian machine without Docker.
#   images/build.sh [PREFIX]      (default /opt/gradebox)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=${1:-/opt/gradebox}
build=${GRADEBOX_BUILD_DIR:-$src/build-image}

"$src/scripts/install-deps.sh"
# The build type `make test` tests (Makefile: configure), so the image runs what CI tested.
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX="$prefix"
cmake --build "$build" -j "$(nproc)"
cmake --install "$build"
echo "gradebox installed under $prefix"
