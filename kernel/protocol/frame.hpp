// Frames between the trusted side and a session child.
//
// Wire format (little-endian):
//   u32 payload_length | u16 type | u16 reserved (0) | u64 sequence | payload | 32-byte MAC
// MAC = HMAC-SHA256(session key, direction byte || header || payload). Each direction numbers
// its frames 0, 1, 2, ...; the direction byte stops a frame from being reflected back. Payloads
// are JSON objects. Anything that does not verify ends the session as `tampered`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/protocol/session_key.hpp"

namespace gradebox::protocol {

enum class FrameType : std::uint16_t {
  // trusted side -> session child
  execute = 1,
  complete = 2,
  inspect = 3,
  is_complete = 4,
  history = 5,
  input_reply = 6,
  shutdown = 7,
  comm_delivery = 8,  // a frontend's comm_open/comm_msg/comm_close for the session's comms
  // session child -> trusted side
  ready = 32,  // first frame: the child is confined and serving; payload has pid, python mode
  stream = 33,
  display_data = 34,
  update_display_data = 35,
  clear_output = 36,
  execute_result = 37,
  error = 38,
  input_request = 39,
  cell_done = 40,  // the cell's outcome as the child's C++ side saw it
  complete_reply = 41,
  inspect_reply = 42,
  is_complete_reply = 43,
  history_reply = 44,
  comm_open = 45,  // a comm of the session's Python code, to the frontend
  comm_msg = 46,
  comm_close = 47,
  comm_target = 48,  // the session registered a comm target the frontend may open comms to
};

const char* to_string(FrameType type);
bool is_known(FrameType type);

enum class Direction : std::uint8_t { to_worker = 1, to_client = 2 };

struct Frame {
  FrameType type = FrameType::ready;
  std::uint64_t sequence = 0;
  std::string payload;
};

inline constexpr std::size_t frame_header_size = 16;
inline constexpr std::size_t frame_mac_size = 32;
// Larger frames are refused as tampered; big enough for a plot or a long stream chunk.
inline constexpr std::uint32_t max_frame_payload = 64u << 20;

// The bytes of a frame as sent in `direction`.
std::string seal_frame(const SessionKey& key, Direction direction, const Frame& frame);
std::string seal_frame(const SessionKey& key, Direction direction, FrameType type,
                       std::uint64_t sequence, std::string_view payload);

// Outcome of looking at the start of a byte buffer.
struct OpenedFrame {
  enum class Status { incomplete, frame, tampered };
  Status status = Status::incomplete;
  Frame frame;
  std::size_t consumed = 0;  // bytes of the buffer the frame used
  std::string problem;       // why it was tampered
};

// Parses and authenticates the frame at the start of `buffer`, sent in `direction`, expected to
// carry `expected_sequence`.
OpenedFrame open_frame(const SessionKey& key, Direction direction, std::string_view buffer,
                       std::uint64_t expected_sequence);

}  // namespace gradebox::protocol
