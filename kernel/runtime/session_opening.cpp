// A session child's directory, environment and request (session_opening.hpp).
#include "kernel/runtime/session_opening.hpp"

#include <unistd.h>

#include <system_error>

#include "kernel/runtime/limit_environment.hpp"
#include "kernel/runtime/runtime.hpp"
#include "sandbox/policy.hpp"

namespace gradebox::runtime {

using nlohmann::json;

sandbox::ScratchDir make_session_scratch() {
  try {
    return sandbox::ScratchDir::create("session");
  } catch (const std::system_error& error) {
    throw SessionError(std::string("session scratch dir: ") + error.what());
  }
}

void hand_to_sandbox_user(const std::filesystem::path& dir) {
  if (::geteuid() != 0) return;
  const sandbox::Policy defaults;
  std::error_code error;
  ::lchown(dir.c_str(), defaults.drop_uid, defaults.drop_gid);
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
    ::lchown(it->path().c_str(), defaults.drop_uid, defaults.drop_gid);
}

json session_environment(const std::filesystem::path& cwd, const SessionOptions& options,
                         const RuntimePolicy& policy) {
  json env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
              {"HOME", cwd.string()},
              {"LANG", "C.UTF-8"},
              {"OPENBLAS_NUM_THREADS", "1"},
              {"OMP_NUM_THREADS", "1"},
              {"MPLBACKEND", "module://matplotlib_inline.backend_inline"},
              {"MPLCONFIGDIR", cwd.string()},
              {"PYDEVD_DISABLE_FILE_VALIDATION", "1"}};
  for (const auto& [name, value] : options.environment) env[name] = value;
  for (const auto& [name, value] : limit_environment(policy.limits)) env[name] = value;
  return env;
}

std::vector<std::string> environment_lines(const json& environment) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : environment.items())
    lines.push_back(name + "=" + value.get<std::string>());
  return lines;
}

std::string inherit_zygote_namespaces(sandbox::namespaces::Request& wanted,
                                      const ZygoteProcess& zygote) {
  std::string inherited;
  const auto inherit = [&](bool& create, const char* name) {
    if (!create || !zygote.shares_namespace(name)) return;
    create = false;
    inherited += (inherited.empty() ? "" : ",") + std::string(name);
  };
  inherit(wanted.net, "net");
  inherit(wanted.uts, "uts");
  return inherited;
}

json session_request(const std::filesystem::path& cwd, const json& environment, bool warm_up,
                     const sandbox::ChildPlan& plan) {
  return {{"cwd", cwd.string()},
          {"environment", environment},
          {"warm_up", warm_up},
          {"sandbox", sandbox::to_json(plan)}};
}

}  // namespace gradebox::runtime
