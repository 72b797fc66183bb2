// Seam between a session and the sandbox library on the trusted side: what is prepared before
// the child is forked (e.g. its cgroup), what the child is told to apply to itself, and the
// evidence read after it died (oom kills, peak memory). Until the sandbox library is wired in,
// the child only sets no_new_privs and the isolation level is "none".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/runtime/runtime_policy.hpp"

namespace gradebox::runtime {

struct ConfinementEvidence {
  bool oom_killed = false;
  long long peak_memory_bytes = 0;  // 0: unknown
};

class SessionConfinement {
 public:
  explicit SessionConfinement(const RuntimePolicy& policy);

  // Sent to the child in its open request (kernel/worker/session_sandbox.hpp reads it).
  nlohmann::json child_setup() const;
  // Descriptors the child needs to confine itself (passed with the open request).
  std::vector<int> child_fds() const { return {}; }
  // After the child died.
  ConfinementEvidence evidence() const { return {}; }
  // Kills everything the session started (the child's own kill is done by the caller).
  void kill_all() {}

  const std::string& isolation_level() const { return level_; }

 private:
  const RuntimePolicy& policy_;
  std::string level_ = "none";
};

}  // namespace gradebox::runtime
