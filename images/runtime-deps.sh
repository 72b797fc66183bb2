#!/usr/bin/env bash
# Installs what the gradebox binaries need at run time, and nothing to build with: the slim stage
# of the images. Idempotent.
set -euo pipefail
packages=(
  libpython3.11 libzmq5 libseccomp2 libssl3 libarchive13 libpcre2-8-0 libsqlite3-0 libfmt9 libspdlog1.10
  libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libuuid1 libtomlplusplus3 libxeus6
  libdate-tz3 libyaml-0-2 libjs-katex tzdata
  python3 python3-ipython python3-numpy python3-matplotlib python3-pandas
  ca-certificates tini
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
rm -rf /var/lib/apt/lists/*
