#!/usr/bin/env bash
# Makes gradebox-python the kernel of a JupyterHub single-user server, with interactive limits
# (no per-cell timeout; 1 GiB memory, the grader's default, so what runs here is graded alike).
# Run as root at image build time; PREFIX defaults to the system Jupyter data dir.
set -euo pipefail
prefix=${1:-/usr/local}
gradebox-kernel install --prefix "$prefix" --memory "${GRADEBOX_KERNEL_MEMORY:-1G}" --cell-timeout 0
# Hide ipykernel's spec so students get the sandboxed kernel by default.
jupyter_config=/etc/jupyter/jupyter_server_config.d
mkdir -p "$jupyter_config"
cat > "$jupyter_config/gradebox.json" <<'JSON'
{
  "MappingKernelManager": {"default_kernel_name": "gradebox-python"},
  "KernelSpecManager": {"allowed_kernelspecs": ["gradebox-python"]}
}
JSON
