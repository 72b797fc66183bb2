// What the trusted side hands one session child directly, through a pipe that only that child
// reads: the session key, then the session's request (cwd, environment, sandbox plan). The zygote
// passes the pipe on without reading it, so no submission's paths or environment ever enter the
// zygote's memory, and a later session (forked from the zygote) cannot find an earlier one's.
//
// Pipe contents: 32 key bytes | u32 little-endian length | the request as JSON (an object).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "kernel/protocol/session_key.hpp"

namespace gradebox::protocol {

// Larger requests are refused on both sides (a sandbox plan is a few KiB).
inline constexpr std::uint32_t max_session_request_bytes = 1u << 20;

// Writes the whole handoff; grows the pipe when it does not fit the pipe's buffer (nobody reads
// before the child exists). Throws std::runtime_error with the errno text.
void write_session_handoff(int pipe_fd, const SessionKey& key, const nlohmann::json& request);

struct SessionHandoff {
  SessionKey key;
  nlohmann::json request;
};

// Throws std::runtime_error when the pipe ends early or the request is not a JSON object.
SessionHandoff read_session_handoff(int pipe_fd);

}  // namespace gradebox::protocol
