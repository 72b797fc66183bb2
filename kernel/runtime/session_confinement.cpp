// SessionConfinement until the sandbox library lands: limits are passed to the child as data.
#include "kernel/runtime/session_confinement.hpp"

namespace gradebox::runtime {

SessionConfinement::SessionConfinement(const RuntimePolicy& policy) : policy_(policy) {}

nlohmann::json SessionConfinement::child_setup() const {
  return {{"memory_limit_bytes", policy_.memory_limit_bytes},
          {"pids_limit", policy_.pids_limit},
          {"cpu_time_limit_ms",
           policy_.cpu_time_limit ? nlohmann::json(policy_.cpu_time_limit->count()) : nullptr}};
}

}  // namespace gradebox::runtime
