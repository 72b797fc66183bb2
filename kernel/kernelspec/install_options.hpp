// The kernelspec install options shared by `gradebox-kernel install` and `gradebox kernelspec`:
// where (--user, --prefix, --sys-prefix), under which name, which kernel executable, and the
// warm start its kernels get.
#pragma once

#include <string>
#include <vector>

#include "kernel/kernelspec/kernelspec.hpp"

namespace CLI {
class App;
}

namespace gradebox::kernelspec {

struct InstallOptions {
  bool user = false;
  bool sys_prefix = false;
  std::string prefix;
  std::string name = "gradebox-python";
  std::string display_name = "Python 3 (gradebox)";
  std::string kernel_path;  // empty: the caller's default
  // Written into argv as `--warm-zygote SECONDS`, so installed kernels share a per-user warm
  // zygote (kernel/runtime/user_zygote_service.hpp) by default; 0 (--no-warm-zygote): none,
  // and GRADEBOX_WARM_ZYGOTE decides at each start.
  int warm_zygote_seconds = 600;
};

// Adds --user, --prefix, --sys-prefix (mutually exclusive), --name, --display-name, --kernel-path,
// --warm-zygote SECONDS and --no-warm-zygote.
void add_install_options(CLI::App& app, InstallOptions& options,
                         const std::string& kernel_path_help);

// kernel.json's argv for the warm start: {"--warm-zygote", "600"}, or none when it is off.
std::vector<std::string> warm_zygote_argv(const InstallOptions& options);

InstallScope install_scope(const InstallOptions& options);

}  // namespace gradebox::kernelspec
