// The kernelspec install options shared by `gradebox-kernel install` and `gradebox kernelspec`:
// where (--user, --prefix, --sys-prefix), under which name, and which kernel executable.
#pragma once

#include <string>

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
};

// Adds --user, --prefix, --sys-prefix (mutually exclusive), --name, --display-name, --kernel-path.
void add_install_options(CLI::App& app, InstallOptions& options,
                         const std::string& kernel_path_help);

InstallScope install_scope(const InstallOptions& options);

}  // namespace gradebox::kernelspec
