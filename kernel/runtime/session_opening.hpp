// What a session child is given when it opens: its working directory (handed to the sandbox's
// uid when we are root), its environment, and its request (cwd, environment, the typed sandbox
// plan, serialised once, by sandbox::to_json).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/runtime/runtime_policy.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/confinement.hpp"
#include "sandbox/scratch_dir.hpp"

namespace gradebox::runtime {

// A fresh private scratch dir for a session whose caller named none; throws SessionError.
sandbox::ScratchDir make_session_scratch();

// The session's dir belongs to the sandbox's unprivileged uid when we are root (see
// SessionOptions::working_directory).
void hand_to_sandbox_user(const std::filesystem::path& dir);

// The child's whole environment: a scrubbed base plus SessionOptions::environment, as
// {name: value}.
nlohmann::json session_environment(const std::filesystem::path& cwd, const SessionOptions& options,
                                   const RuntimePolicy& policy);
// The same as "NAME=value" lines (sandbox::Policy::environment).
std::vector<std::string> environment_lines(const nlohmann::json& environment);

// Namespaces the zygote entered for every session (zygote_namespaces in runtime.cpp) are
// inherited by the child, not created again: clears them in `wanted` and returns their names
// ("net,uts"; empty when none), for the session's layers.
std::string inherit_zygote_namespaces(sandbox::namespaces::Request& wanted,
                                      const ZygoteProcess& zygote);

// The request handed to the child through its key pipe (protocol/session_handoff.hpp).
nlohmann::json session_request(const std::filesystem::path& cwd, const nlohmann::json& environment,
                               bool warm_up, const sandbox::ChildPlan& plan);

}  // namespace gradebox::runtime
