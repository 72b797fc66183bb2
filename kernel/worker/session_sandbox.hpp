// What the session child applies to itself right after fork, before it reads any untrusted byte:
// the sandbox plan the trusted side sent with the open request.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gradebox::worker {

struct SandboxOutcome {
  std::vector<std::string> layers;  // active layers, reported in the ready frame
  std::string problem;              // non-empty: the sandbox could not be entered
};

SandboxOutcome enter_session_sandbox(const nlohmann::json& setup);

}  // namespace gradebox::worker
