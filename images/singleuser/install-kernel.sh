#!/usr/bin/env bash
# Makes gradebox-python the kernel of every Jupyter server flavour in the image. The kernelspec
# starts gradebox-kernel through gradebox-kernel-with-limits, so the limits and the warm start
# are the pod's environment at run time (GRADEBOX_KERNEL_MEMORY, GRADEBOX_KERNEL_WARM_ZYGOTE
# etc.), not fixed at build time: the wrapper, not kernel.json, passes --warm-zygote.
# Run as root at image build time.
set -euo pipefail
gradebox-kernel install --prefix /usr/local --kernel-path /usr/local/bin/gradebox-kernel-with-limits \
  --no-warm-zygote
# ipykernel's python3 spec would be an unsandboxed way around it: only gradebox-python is offered.
# Both server flavours read their main config file from /etc/jupyter (the classic Notebook
# ignores the *_config.d directories).
mkdir -p /etc/jupyter
for flavour in jupyter_server_config jupyter_notebook_config; do
  cat > "/etc/jupyter/$flavour.json" <<'JSON'
{
  "MappingKernelManager": {"default_kernel_name": "gradebox-python"},
  "KernelSpecManager": {"allowed_kernelspecs": ["gradebox-python"]}
}
JSON
done
