// The trusted side's part of confining one session, on top of the sandbox library: owns the
// cgroup (a sandbox::Confinement prepared before the child is forked, possibly ahead of the open:
// kernel/runtime/confinement_stock.hpp), tells the child what to apply to itself
// (sandbox::ChildPlan with the session's own paths and environment, applied by
// kernel/worker/session_sandbox.cpp), and reads the evidence after the child died (oom kills,
// peak memory, cpu).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernel/runtime/runtime_policy.hpp"
#include "sandbox/confinement.hpp"

namespace gradebox::runtime {

struct ConfinementEvidence {
  bool oom_killed = false;
  bool memory_limit_reached = false;
  long long peak_memory_bytes = 0;  // 0: unknown
  long long cpu_ms = -1;            // whole session tree; -1: unknown
  std::vector<std::string> evidence;
};

// The cgroups and isolation level of a session under `policy`: everything of its confinement
// that does not depend on the session's paths. Throws SessionError when the host cannot give the
// required level or a cgroup cannot be made.
sandbox::Confinement prepare_session_confinement(const RuntimePolicy& policy,
                                                 const sandbox::HostProbe& host);

class SessionConfinement {
 public:
  // `prepared` from prepare_session_confinement; the session may write only `working_dir` and
  // read the system, `working_dir` and `readable_paths`.
  SessionConfinement(sandbox::Confinement prepared, const std::filesystem::path& working_dir,
                     std::vector<std::string> environment,
                     std::vector<std::filesystem::path> readable_paths);

  // What the child applies to itself (sent in its open request), keeping fd `keep_fd`.
  sandbox::ChildPlan child_plan(int keep_fd) const;
  // The child exists (pid as seen by the caller): track it as the root of the session's tree
  // when no cgroup holds it (a child given cgroups joins them itself, see the .cpp).
  void adopt(pid_t pid);
  ConfinementEvidence evidence() const;
  // Kills every process of the session (cgroup.kill, freezer, or the adopted tree).
  void kill_all();

  const std::string& isolation_level() const { return level_; }

 private:
  sandbox::Confinement confinement_;
  std::filesystem::path working_dir_;
  std::vector<std::string> environment_;
  std::vector<std::filesystem::path> readable_paths_;
  std::string level_;
  bool joins_itself_;
};

}  // namespace gradebox::runtime
