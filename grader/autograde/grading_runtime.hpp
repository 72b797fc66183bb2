// Starting the runtime that autograde and validate run student code in: the policy built from the
// course's limits, and a SessionFactory over one shared zygote.
#pragma once

#include <memory>
#include <string>

#include "grader/autograde/grade_submission.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::autograde {

runtime::RuntimePolicy grading_policy(const GradingLimits& limits);

// The warm zygote service a course's commands attach to: `--zygote` when given, else
// gradebox.toml's runtime.zygote_socket (relative to the course root), else none.
std::filesystem::path zygote_socket(const CourseConfig& config, const std::string& option);

// Which sandbox level sessions get: at most `level` (as `gradebox-run --level`: for tests and
// hosts that misreport) and never below `require_level` (refuse to grade instead). Empty: the
// host's best level, no requirement. From gradebox.toml isolation.level / isolation.require_level,
// each overridden by its command-line option when that is given.
// Required layers: gradebox.toml isolation.require, plus "landlock" with --require-landlock.
struct IsolationSettings {
  std::string level;
  std::string require_level;
  std::vector<std::string> require_layers;
};

// Throws std::invalid_argument naming the key or option when a level is not cgroup2, cgroup1 or
// rlimit.
IsolationSettings isolation_settings(const CourseConfig& config, const std::string& level_option,
                                     const std::string& require_level_option,
                                     bool require_landlock = false);

// Throws runtime::RuntimeStartError when the worker cannot start (with the runtime's reason),
// including, before starting anything, when the host is below isolation.require_level.
// With `zygote_socket`, attaches to that service, or starts a zygote when it cannot (the runtime's
// worker_info()["zygote"] says which and why).
std::shared_ptr<runtime::Runtime> start_grading_runtime(
    const GradingLimits& limits, const std::filesystem::path& zygote_socket = {},
    const IsolationSettings& isolation = {});
SessionFactory session_factory(std::shared_ptr<runtime::Runtime> runtime);
SessionReserver session_reserver(std::shared_ptr<runtime::Runtime> runtime);

}  // namespace gradebox::autograde
