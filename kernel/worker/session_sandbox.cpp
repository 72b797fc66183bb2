// Child-side confinement of a session: the sandbox library's apply_to_current_process with the
// plan the trusted side prepared (cgroup join, fds, namespaces, rlimits, Landlock, privilege
// drop, seccomp).
#include "kernel/worker/session_sandbox.hpp"

#include "sandbox/confinement.hpp"

namespace gradebox::worker {

SandboxOutcome enter_session_sandbox(const nlohmann::json& setup) {
  SandboxOutcome outcome;
  try {
    outcome.layers = sandbox::apply_to_current_process(sandbox::child_plan_from_json(setup));
  } catch (const std::exception& error) {
    outcome.problem = std::string("entering the sandbox failed: ") + error.what();
  }
  return outcome;
}

}  // namespace gradebox::worker
