// The Jupyter kernelspec of gradebox-kernel: where it goes (system, --user, --prefix,
// --sys-prefix, following jupyter_core's paths) and what it holds (kernel.json with the limits
// baked into argv, interrupt_mode "signal", and the logos).
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace gradebox::kernelspec {

enum class InstallScope { system, user, prefix, sys_prefix };

struct KernelspecRequest {
  std::string name = "gradebox-python";
  std::string display_name = "Python 3 (gradebox)";
  std::filesystem::path kernel_executable;   // absolute path written as argv[0]
  std::vector<std::string> extra_argv;       // limit flags, after "-f {connection_file}"
  nlohmann::ordered_json limits_metadata;    // shown to tools reading kernel.json
};

// The "kernels" directory for a scope: system -> /usr/local/share/jupyter/kernels,
// user -> $JUPYTER_DATA_DIR or $XDG_DATA_HOME/jupyter or ~/.local/share/jupyter (+ /kernels),
// prefix -> PREFIX/share/jupyter/kernels, sys_prefix -> $CONDA_PREFIX, $VIRTUAL_ENV or /usr.
// Throws std::runtime_error when the scope cannot be resolved (no HOME for --user).
std::filesystem::path kernels_directory(InstallScope scope, const std::filesystem::path& prefix);

// Throws std::invalid_argument unless `name` is a valid kernel name ([A-Za-z0-9._-]+).
void check_kernel_name(const std::string& name);

nlohmann::ordered_json kernel_json(const KernelspecRequest& request);

// Writes <kernels_dir>/<name>/{kernel.json, logo-32x32.png, logo-64x64.png, logo-svg.svg},
// replacing an existing kernelspec of that name. Returns the kernelspec directory.
std::filesystem::path install_kernelspec(const KernelspecRequest& request,
                                         const std::filesystem::path& kernels_dir);

}  // namespace gradebox::kernelspec
