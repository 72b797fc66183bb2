// Seam between the session child and the sandbox library: what the child applies to itself right
// after fork, before it reads any untrusted byte. `setup` is the trusted side's description
// (from the open request); `fds` are descriptors it passed for the purpose (e.g. a cgroup).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/protocol/unique_fd.hpp"

namespace gradebox::worker {

// Returns an empty string on success, else why the sandbox could not be entered (the child then
// reports it in its ready frame and exits).
std::string enter_session_sandbox(const nlohmann::json& setup, std::vector<protocol::UniqueFd>& fds);

}  // namespace gradebox::worker
