// The grading runtime: limits from gradebox.toml, one zygote shared by every job.
#include "grader/autograde/grading_runtime.hpp"

namespace gradebox::autograde {

runtime::RuntimePolicy grading_policy(const GradingLimits& limits) {
  runtime::RuntimePolicy policy;
  policy.memory_limit_bytes = limits.memory_bytes;
  policy.pids_limit = limits.pids;
  policy.cpu_time_limit = limits.cpu_time;
  policy.cell_timeout = limits.cell_timeout;
  policy.max_output_bytes = limits.max_output_bytes;
  policy.max_output_lines = limits.caps.max_lines;
  policy.max_traceback_lines = limits.caps.max_traceback_lines;
  return policy;
}

std::shared_ptr<runtime::Runtime> start_grading_runtime(const GradingLimits& limits) {
  return runtime::Runtime::start(grading_policy(limits));
}

SessionFactory session_factory(std::shared_ptr<runtime::Runtime> runtime) {
  return [runtime](const runtime::SessionOptions& options) {
    return runtime->open_session(options);
  };
}

}  // namespace gradebox::autograde
