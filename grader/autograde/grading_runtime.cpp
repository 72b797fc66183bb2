// The grading runtime: limits from gradebox.toml, one zygote shared by every job.
#include "grader/autograde/grading_runtime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "sandbox/policy.hpp"

namespace gradebox::autograde {

namespace {

// $GRADEBOX_WORKER, else the runtime's own lookup (next to this executable, then $PATH), else the
// worker of the build tree this gradebox was built in (so build/ works without installing).
std::filesystem::path worker_path() {
  if (const char* env = std::getenv("GRADEBOX_WORKER"); env && *env) return env;
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && std::filesystem::exists(self.parent_path() / "gradebox-worker")) return {};
  if (std::filesystem::exists(GRADEBOX_BUILD_WORKER_PATH)) return GRADEBOX_BUILD_WORKER_PATH;
  return {};
}

}  // namespace

runtime::RuntimePolicy grading_policy(const GradingLimits& limits) {
  runtime::RuntimePolicy policy;
  policy.worker_path = worker_path();
  policy.warm_completion = false;  // grading never asks for completions
  policy.limits = limits.session;
  policy.preload_modules = limits.preload_modules;
  return policy;
}

std::filesystem::path zygote_socket(const CourseConfig& config, const std::string& option) {
  if (!option.empty()) return std::filesystem::absolute(option);
  return config.zygote_socket.value_or(std::filesystem::path());
}

IsolationSettings isolation_settings(const CourseConfig& config, const std::string& level_option,
                                     const std::string& require_level_option,
                                     bool require_landlock) {
  const auto pick = [](const std::string& option, const char* flag,
                       const std::optional<sandbox::IsolationLevel>& configured) {
    if (option.empty())
      return configured ? std::string(sandbox::to_string(*configured)) : std::string();
    if (!sandbox::parse_isolation_level(option))
      throw std::invalid_argument(fmt::format(
          "{} is \"{}\": expected cgroup2, cgroup1 or rlimit (highest first)", flag, option));
    return option;
  };
  IsolationSettings settings{
      pick(level_option, "--level", config.isolation_level),
      pick(require_level_option, "--require-level", config.require_isolation_level),
      config.required_isolation_layers};
  if (require_landlock && std::find(settings.require_layers.begin(), settings.require_layers.end(),
                                    "landlock") == settings.require_layers.end())
    settings.require_layers.push_back("landlock");
  return settings;
}

std::shared_ptr<runtime::Runtime> start_grading_runtime(const GradingLimits& limits,
                                                        const std::filesystem::path& zygote_socket,
                                                        const IsolationSettings& isolation) {
  runtime::RuntimePolicy policy = grading_policy(limits);
  policy.zygote_socket = zygote_socket;
  policy.max_isolation_level = isolation.level;
  policy.required_isolation_level = isolation.require_level;
  policy.required_layers = isolation.require_layers;
  return runtime::Runtime::start(policy);
}

SessionFactory session_factory(std::shared_ptr<runtime::Runtime> runtime) {
  return
      [runtime](const runtime::SessionOptions& options) { return runtime->open_session(options); };
}

SessionReserver session_reserver(std::shared_ptr<runtime::Runtime> runtime) {
  return [runtime](const runtime::SessionOptions& options) { runtime->reserve_session(options); };
}

}  // namespace gradebox::autograde
