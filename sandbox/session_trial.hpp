// A throwaway session that proves an isolation level works before the probe reports it.
//
// Capability checks can pass while a real session fails (a container's seccomp profile refusing
// one call of the child's set-up, a cgroup path that exists but is not the process's). So the
// probe starts one session per level the way a grading session starts (Confinement::prepare,
// fork, apply_to_current_process with the plan, exec of /bin/true) and keeps the first level,
// from the best down, whose session starts, joins its cgroups and exits 0.
//
// Verbs:
//   try_session()   one trial at one level: what it got (layers) or why it failed
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"

namespace gradebox::sandbox {

struct HostProbe;

struct SessionTrial {
  IsolationLevel level = IsolationLevel::rlimit;
  bool namespaces = true;  // namespaces requested (false: the retry without any)
  bool ok = false;
  std::string failure;              // the failing step with errno text, when !ok
  std::vector<std::string> layers;  // what the session got, as apply_to_current_process names them
  std::chrono::microseconds took{0};
};

// Runs /bin/true in a session at `level` (capped there, and required) on `host`, from a child of
// this process. Never throws: a set-up error is a failed trial.
SessionTrial try_session(const HostProbe& host, IsolationLevel level);

}  // namespace gradebox::sandbox
