// Kernelspec install options on a CLI11 app (see install_options.hpp).
#include "kernel/kernelspec/install_options.hpp"

#include <CLI/CLI.hpp>

namespace gradebox::kernelspec {

void add_install_options(CLI::App& app, InstallOptions& options,
                         const std::string& kernel_path_help) {
  auto* user =
      app.add_flag("--user", options.user, "Install for the current user (~/.local/share/jupyter)");
  auto* prefix =
      app.add_option("--prefix", options.prefix, "Install under PREFIX/share/jupyter/kernels");
  auto* sys_prefix = app.add_flag("--sys-prefix", options.sys_prefix,
                                  "Install into the active conda env or virtualenv (else /usr)");
  user->excludes(prefix, sys_prefix);
  prefix->excludes(sys_prefix);
  app.add_option("--name", options.name, "Kernelspec name (default gradebox-python)");
  app.add_option("--display-name", options.display_name,
                 "Name shown in the launcher (default \"Python 3 (gradebox)\")");
  app.add_option("--kernel-path", options.kernel_path, kernel_path_help);
  auto* warm = app.add_option("--warm-zygote", options.warm_zygote_seconds,
                              "seconds a user's warm zygote lives without a kernel, written "
                              "into kernel.json (default 600; 0: off)")
                   ->check(CLI::NonNegativeNumber);
  app.add_flag_callback(
         "--no-warm-zygote", [&options] { options.warm_zygote_seconds = 0; },
         "no shared warm zygote: each kernel starts its own (GRADEBOX_WARM_ZYGOTE still applies)")
      ->excludes(warm);
}

std::vector<std::string> warm_zygote_argv(const InstallOptions& options) {
  if (options.warm_zygote_seconds <= 0) return {};
  return {"--warm-zygote", std::to_string(options.warm_zygote_seconds)};
}

InstallScope install_scope(const InstallOptions& options) {
  if (!options.prefix.empty()) return InstallScope::prefix;
  if (options.sys_prefix) return InstallScope::sys_prefix;
  if (options.user) return InstallScope::user;
  return InstallScope::system;
}

}  // namespace gradebox::kernelspec
