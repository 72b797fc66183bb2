#!/usr/bin/env bash
# Prints the manifests of this directory with the images' registry and tag filled in, for
# clusters without kustomize:  images/k8s/render.sh REGISTRY [TAG] | kubectl apply -f -
# (REGISTRY as given to images/build.sh --registry, e.g. registry.example.org/gradebox).
set -euo pipefail
registry=${1:?usage: render.sh REGISTRY [TAG]}
tag=${2:-latest}
here=$(cd "$(dirname "$0")" && pwd)
for manifest in course-volume prepare-job autograde-job export-job; do
  echo "---"
  sed -E "s#^( *image: )gradebox-autograde:latest\$#\\1${registry}/gradebox-autograde:${tag}#" \
    "$here/$manifest.yaml"
done
