#!/usr/bin/env bash
# Builds the gradebox images with podman from the host build `make test` tested (RelWithDebInfo,
# Debian 12 like the images): `cmake --install --strip` into a staging context, then the runtime
# image and the autograde and singleuser images (stages of images/Dockerfile). No registry needed: the default
# base is a debootstrap bookworm (images/base/make-base.sh, made once and reused).
#   images/build.sh [--build-dir DIR] [--registry REG] [--tag TAG] [--base IMAGE]
#     --build-dir  a configured and built tree (default: build/, made with `make build` if absent)
#     --registry   image name prefix (default localhost); push yourself: podman push REG/NAME:TAG
#     --tag        image tag (default latest)
#     --base       base of the runtime image, any Debian 12 image (default: the debootstrap one)
# Makes REG/gradebox:TAG, REG/gradebox-autograde:TAG, REG/gradebox-singleuser:TAG.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build registry=localhost tag=latest base=""
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build=$2; shift 2 ;;
    --registry) registry=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    *) echo "build.sh: unknown argument $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

if [ -z "$base" ]; then
  base=${GRADEBOX_BASE_IMAGE:-localhost/gradebox-base:bookworm}
  GRADEBOX_BASE_IMAGE=$base "$src/images/base/make-base.sh"
fi
if [ ! -x "$build/grader/cli/gradebox" ]; then
  make -C "$src" build BUILD="$build"
fi
flags=$("$src/images/podman-flags.sh" "$base")
read -r -a global <<<"$(sed -n 's/^global: //p' <<<"$flags")"
read -r -a run <<<"$(sed -n 's/^run: //p' <<<"$flags")"

context=$build/image-context
rm -rf "$context"
mkdir -p "$context"
cmake --install "$build" --prefix "$context/opt/gradebox" --strip >/dev/null
cp -r "$src/images" "$context/images"

image() { # NAME TARGET
  echo "build.sh: $registry/$1:$tag"
  podman "${global[@]}" build "${run[@]}" --format docker --quiet --layers --target "$2" \
    -f "$context/images/Dockerfile" --build-arg "BASE=$base" -t "$registry/$1:$tag" \
    "$context" >/dev/null
}
image gradebox runtime
image gradebox-autograde autograde
image gradebox-singleuser singleuser
podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^$registry/gradebox(-autograde|-singleuser)?:$tag " || true
