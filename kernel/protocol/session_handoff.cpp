// Session handoff over the key pipe.
#include "kernel/protocol/session_handoff.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gradebox::protocol {
namespace {

void write_all(int fd, const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error(std::string("writing the session handoff: ") + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

void read_all(int fd, std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the session handoff ended early");
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void write_session_handoff(int pipe_fd, const SessionKey& key, const nlohmann::json& request) {
  const std::string body = request.dump();
  if (body.size() > max_session_request_bytes)
    throw std::runtime_error("the session request is " + std::to_string(body.size()) +
                             " bytes, over the 1 MiB limit");
  std::string bytes(SessionKey::size + 4, '\0');
  auto* raw = reinterpret_cast<std::uint8_t*>(bytes.data());
  key.copy_to(std::span<std::uint8_t, SessionKey::size>(raw, SessionKey::size));
  const auto length = static_cast<std::uint32_t>(body.size());
  for (int i = 0; i < 4; ++i)
    raw[SessionKey::size + i] = static_cast<std::uint8_t>(length >> (8 * i));
  bytes += body;
  if (::fcntl(pipe_fd, F_GETPIPE_SZ) < static_cast<int>(bytes.size()))
    ::fcntl(pipe_fd, F_SETPIPE_SZ, static_cast<int>(bytes.size()));
  try {
    write_all(pipe_fd, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  } catch (...) {
    wipe(bytes.data(), SessionKey::size);
    throw;
  }
  wipe(bytes.data(), SessionKey::size);
}

SessionHandoff read_session_handoff(int pipe_fd) {
  std::array<std::uint8_t, SessionKey::size> key_bytes{};
  read_all(pipe_fd, key_bytes.data(), key_bytes.size());
  SessionKey key = SessionKey::take_from(key_bytes);
  std::array<std::uint8_t, 4> length_bytes{};
  read_all(pipe_fd, length_bytes.data(), length_bytes.size());
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) length |= static_cast<std::uint32_t>(length_bytes[i]) << (8 * i);
  if (length > max_session_request_bytes)
    throw std::runtime_error("the session request is over the 1 MiB limit");
  std::string body(length, '\0');
  read_all(pipe_fd, reinterpret_cast<std::uint8_t*>(body.data()), body.size());
  nlohmann::json request = nlohmann::json::parse(body, nullptr, false);
  if (!request.is_object()) throw std::runtime_error("the session request is not a JSON object");
  return {std::move(key), std::move(request)};
}

}  // namespace gradebox::protocol
