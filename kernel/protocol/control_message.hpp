// Messages between the trusted side and the zygote: one JSON object per SOCK_SEQPACKET packet,
// optionally carrying file descriptors (SCM_RIGHTS). The zygote never runs student code and a
// session child closes this socket before anything else, so these need no MAC.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "sandbox/unique_fd.hpp"

namespace gradebox::protocol {

inline constexpr std::size_t max_control_message = 1 << 20;

struct ControlMessage {
  nlohmann::json body;
  std::vector<sandbox::UniqueFd> fds;
};

// Throws std::runtime_error (with errno text) when the socket fails.
void send_control(int socket, const nlohmann::json& body, const std::vector<int>& fds = {});
// nullopt: the peer closed the socket. Retries on EINTR.
std::optional<ControlMessage> receive_control(int socket);

}  // namespace gradebox::protocol
