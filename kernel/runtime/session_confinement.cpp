// SessionConfinement: RuntimePolicy -> sandbox::Policy, and the sandbox's evidence -> ours.
#include "kernel/runtime/session_confinement.hpp"

#include <unistd.h>

#include "kernel/runtime/runtime.hpp"

namespace gradebox::runtime {
namespace {

std::optional<sandbox::IsolationLevel> level_named(const std::string& text, const char* field) {
  if (text.empty()) return std::nullopt;
  const auto level = sandbox::parse_isolation_level(text);
  if (!level)
    throw SessionError(std::string("RuntimePolicy::") + field + " is \"" + text +
                       "\" (expected cgroup2, cgroup1 or rlimit)");
  return level;
}

// The limits and level part of the sandbox policy; the paths and environment are the session's
// (SessionConfinement::child_setup).
sandbox::Policy limits_policy(const RuntimePolicy& policy) {
  sandbox::Policy p;
  // Wall time and output are the session's to enforce, per cell (cell_execution.cpp).
  p.limits = policy.limits;
  p.network = policy.network;
  p.max_level = level_named(policy.max_isolation_level, "max_isolation_level");
  p.required_level = level_named(policy.required_isolation_level, "required_isolation_level");
  p.required_layers = policy.required_layers;
  return p;
}

}  // namespace

sandbox::Confinement prepare_session_confinement(const RuntimePolicy& policy,
                                                 const sandbox::HostProbe& host) {
  try {
    return sandbox::Confinement::prepare(limits_policy(policy), host);
  } catch (const std::exception& error) {
    throw SessionError(std::string("cannot confine a session: ") + error.what());
  }
}

SessionConfinement::SessionConfinement(sandbox::Confinement prepared,
                                       const std::filesystem::path& working_dir,
                                       std::vector<std::string> environment,
                                       std::vector<std::filesystem::path> readable_paths)
    : confinement_(std::move(prepared)),
      working_dir_(working_dir),
      environment_(std::move(environment)),
      readable_paths_(std::move(readable_paths)),
      level_(sandbox::to_string(confinement_.level())),
      joins_itself_(!confinement_.child_plan().cgroup_procs_files.empty()) {}

sandbox::ChildPlan SessionConfinement::child_plan(int keep_fd) const {
  sandbox::ChildPlan plan = confinement_.child_plan();
  plan.policy.writable_dir = working_dir_;
  plan.policy.working_dir = working_dir_;
  plan.policy.readable_paths = readable_paths_;
  plan.policy.environment = environment_;
  plan.keep_fds = {keep_fd};
  return plan;
}

void SessionConfinement::adopt(pid_t pid) {
  // A child that joins its cgroups itself (the plan lists them) does so before it reads any
  // untrusted byte, and the cgroups then kill and account for it without knowing its pid.
  // Moving it again from here would write its pid to each group's cgroup.procs, which takes the
  // kernel's global threadgroup lock for writing: an RCU grace period (5-15 ms) on every open,
  // which the child's own join through `tasks` then also waits for. The pid is needed only
  // where there is no cgroup (rlimit level: kill_all walks the adopted tree).
  if (!joins_itself_) confinement_.adopt(pid);
}

ConfinementEvidence SessionConfinement::evidence() const {
  const sandbox::ResourceUsage usage = confinement_.collect();
  ConfinementEvidence evidence;
  evidence.oom_killed = usage.oom_kills > 0;
  evidence.memory_limit_reached = usage.memory_limit_reached;
  evidence.peak_memory_bytes = static_cast<long long>(usage.peak_memory_bytes.value_or(0));
  evidence.cpu_ms = usage.cpu_ms.value_or(-1);
  evidence.evidence = usage.evidence;
  return evidence;
}

void SessionConfinement::kill_all() {
  confinement_.kill_all();
}

}  // namespace gradebox::runtime
