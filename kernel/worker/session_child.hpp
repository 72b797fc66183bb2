// A session child: what a fork of the zygote does before and while it serves one session.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kernel/protocol/unique_fd.hpp"
#include "kernel/worker/python_runtime.hpp"

namespace gradebox::worker {

struct SessionSetup {
  protocol::UniqueFd socket;    // frame channel to the trusted side
  protocol::UniqueFd key_pipe;  // 32 key bytes, then EOF
  nlohmann::json request;  // the open message: cwd, environment, sandbox
};

// Never returns: reads the key, closes every other fd, enters the sandbox, sets env and cwd,
// sends the ready frame, then serves requests until shutdown or EOF.
[[noreturn]] void run_session_child(const PythonPrimitives& primitives, SessionSetup setup);

}  // namespace gradebox::worker
