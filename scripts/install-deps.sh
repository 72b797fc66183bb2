#!/usr/bin/env bash
# Installs every Debian package gradebox needs to build, test and run. Idempotent: packages already
# present are skipped, and apt-get update runs only when something is missing.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config git
  # C++ libraries
  xeus-dev cppzmq-dev libzmq3-dev nlohmann-json3-dev libseccomp-dev libssl-dev
  libpython3-dev libcli11-dev libfmt-dev libspdlog-dev libtomlplusplus-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libsqlite3-dev libarchive-dev
  # zip-collect: nbgrader's (?P<name>...) file-name regexes, with match limits
  libpcre2-dev
  # timestamp.txt zones (tz database reader), autotests.yml, LaTeX in feedback pages
  libhowardhinnant-date-dev libyaml-dev libjs-katex
  # `gradebox formgrader`: the HTTP server; a real JupyterHub (and its proxy) for its hub-service
  # test (tests/integration/formgrader/test_formgrader_hub.py)
  libcpp-httplib-dev jupyterhub
  # tests and benchmarks
  catch2 libbenchmark-dev hyperfine
  # man pages from --help; the format check of every C++ file (tests/format)
  help2man clang-format
  # real-browser tests (feedback pages, formgrader, the kernel in Jupyter): Debian's chromium
  # driven by puppeteer-core from npm (tests/browser)
  chromium nodejs
  # Python side: the embedded interpreter's modules and the Jupyter clients tests drive
  python3 python3-ipython python3-numpy python3-matplotlib python3-yaml python3-jupyter-client
  python3-jupyter-kernel-test python3-nbclient python3-ipykernel python3-jupyter-server
  python3-notebook
  # the classic Notebook's widget manager: the browser test renders an ipywidgets slider with it
  jupyter-nbextension-jupyter-js-widgets
  # the scientific stack courses use (imported in a session; preloaded by default when present)
  python3-pandas python3-scipy python3-sklearn python3-statsmodels python3-sympy python3-numba
  python3-ipywidgets
  # the `comm` package (ipywidgets 8 makes its comms through it): sessions patch it as ipykernel
  python3-comm
  # the images stage (tests/images): podman builds and runs them; the base image is made with
  # debootstrap (no registry needed); runc where crun refuses the host's cgroup layout
  podman buildah debootstrap uidmap fuse-overlayfs crun runc slirp4netns
  # deployment files checked against schemas (the chart's values.schema.yaml)
  python3-jsonschema
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# npm modules of the tests, pinned by their package-lock.json: puppeteer-core for tests/browser
# (never downloads a browser), kubernetes-models for tests/deploy-schemas.
install_test_node_modules() {
  local root dir module
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for dir in browser:puppeteer-core deploy-schemas:kubernetes-models; do
    module=${dir#*:} dir=$root/tests/${dir%%:*}
    [ -d "$dir/node_modules/$module" ] && continue
    echo "install-deps: npm ci in ${dir#"$root"/}"
    (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  done
}

# Node.js builds from nodesource carry npm themselves; Debian's nodejs needs the npm package.
command -v npm >/dev/null || missing+=(npm)

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  install_test_node_modules
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_test_node_modules
