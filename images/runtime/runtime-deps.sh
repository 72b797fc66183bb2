#!/usr/bin/env bash
# Installs what the gradebox binaries need at run time, and nothing to build with: the runtime
# stage of the images. No recommends. Idempotent.
set -euo pipefail
packages=(
  libpython3.11 libzmq5 libseccomp2 libssl3 libarchive13 libcpp-httplib0.11 libpcre2-8-0 libsqlite3-0 libfmt9 libspdlog1.10
  libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libuuid1 libtomlplusplus3 libxeus6
  libdate-tz3 libyaml-0-2 libjs-katex tzdata
  python3 python3-ipython python3-numpy python3-matplotlib python3-pandas
  # fonttools (matplotlib) needs scipy OR munkres: scipy drags pythran, g++ and boost (~600 MB)
  python3-munkres
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
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
# Size, not function (the autograde image stays under 500 MB): sympy comes only as a fonttools
# dependency, and its byte-code caches are 85 MB (a course importing sympy compiles on import);
# the Unicode database files of unicode-data (fonttools) are read by nothing that grades.
find /usr/lib/python3/dist-packages/sympy -name __pycache__ -prune -exec rm -rf {} +
rm -rf /usr/share/unicode/*
