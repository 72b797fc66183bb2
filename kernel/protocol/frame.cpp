// Frame sealing and opening: framing, HMAC, sequence checks.
#include "kernel/protocol/frame.hpp"

#include <openssl/crypto.h>

#include <array>
#include <cstring>
#include <span>
#include <vector>

namespace gradebox::protocol {
namespace {

template <typename T>
void put(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

template <typename T>
T get(std::string_view in, std::size_t offset) {
  T value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    value |= static_cast<T>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  return value;
}

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::array<std::uint8_t, 32> frame_mac(const SessionKey& key, Direction direction,
                                       std::string_view header_and_payload) {
  const std::uint8_t direction_byte = static_cast<std::uint8_t>(direction);
  const std::array<std::span<const std::uint8_t>, 2> parts = {
      std::span<const std::uint8_t>(&direction_byte, 1), bytes(header_and_payload)};
  return key.hmac(parts);
}

}  // namespace

const char* to_string(FrameType type) {
  switch (type) {
    case FrameType::execute:
      return "execute";
    case FrameType::complete:
      return "complete";
    case FrameType::inspect:
      return "inspect";
    case FrameType::is_complete:
      return "is_complete";
    case FrameType::history:
      return "history";
    case FrameType::input_reply:
      return "input_reply";
    case FrameType::shutdown:
      return "shutdown";
    case FrameType::ready:
      return "ready";
    case FrameType::stream:
      return "stream";
    case FrameType::display_data:
      return "display_data";
    case FrameType::update_display_data:
      return "update_display_data";
    case FrameType::clear_output:
      return "clear_output";
    case FrameType::execute_result:
      return "execute_result";
    case FrameType::error:
      return "error";
    case FrameType::input_request:
      return "input_request";
    case FrameType::cell_done:
      return "cell_done";
    case FrameType::complete_reply:
      return "complete_reply";
    case FrameType::inspect_reply:
      return "inspect_reply";
    case FrameType::is_complete_reply:
      return "is_complete_reply";
    case FrameType::history_reply:
      return "history_reply";
    case FrameType::comm_delivery:
      return "comm_delivery";
    case FrameType::comm_open:
      return "comm_open";
    case FrameType::comm_msg:
      return "comm_msg";
    case FrameType::comm_close:
      return "comm_close";
    case FrameType::comm_target:
      return "comm_target";
  }
  return "unknown";
}

bool is_known(FrameType type) {
  return std::string_view(to_string(type)) != "unknown";
}

std::string seal_frame(const SessionKey& key, Direction direction, const Frame& frame) {
  return seal_frame(key, direction, frame.type, frame.sequence, frame.payload);
}

std::string seal_frame(const SessionKey& key, Direction direction, FrameType type,
                       std::uint64_t sequence, std::string_view payload) {
  std::string out;
  out.reserve(frame_header_size + payload.size() + frame_mac_size);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(payload.size()));
  put<std::uint16_t>(out, static_cast<std::uint16_t>(type));
  put<std::uint16_t>(out, 0);
  put<std::uint64_t>(out, sequence);
  out += payload;
  const auto mac = frame_mac(key, direction, out);
  out.append(reinterpret_cast<const char*>(mac.data()), mac.size());
  return out;
}

OpenedFrame open_frame(const SessionKey& key, Direction direction, std::string_view buffer,
                       std::uint64_t expected_sequence) {
  OpenedFrame opened;
  auto tampered = [&](std::string problem) {
    opened.status = OpenedFrame::Status::tampered;
    opened.problem = std::move(problem);
    return opened;
  };
  if (buffer.size() < frame_header_size) return opened;
  const auto length = get<std::uint32_t>(buffer, 0);
  if (length > max_frame_payload)
    return tampered("frame announces " + std::to_string(length) + " payload bytes (limit " +
                    std::to_string(max_frame_payload) + ")");
  const std::size_t total = frame_header_size + length + frame_mac_size;
  if (buffer.size() < total) return opened;

  const auto expected = frame_mac(key, direction, buffer.substr(0, frame_header_size + length));
  if (CRYPTO_memcmp(expected.data(), buffer.data() + frame_header_size + length, frame_mac_size) !=
      0)
    return tampered("frame authentication failed (HMAC mismatch)");
  const auto type = static_cast<FrameType>(get<std::uint16_t>(buffer, 4));
  if (get<std::uint16_t>(buffer, 6) != 0) return tampered("frame reserved field is not zero");
  if (!is_known(type))
    return tampered("unknown frame type " + std::to_string(static_cast<int>(type)));
  const auto sequence = get<std::uint64_t>(buffer, 8);
  if (sequence != expected_sequence)
    return tampered("frame out of sequence: got " + std::to_string(sequence) + ", expected " +
                    std::to_string(expected_sequence) + " (replayed or dropped frame)");
  opened.status = OpenedFrame::Status::frame;
  opened.frame = Frame{type, sequence, std::string(buffer.substr(frame_header_size, length))};
  opened.consumed = total;
  return opened;
}

}  // namespace gradebox::protocol
