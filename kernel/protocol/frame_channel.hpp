// One authenticated, sequenced frame stream over a connected socket, for either side.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "kernel/protocol/frame.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::protocol {

struct ChannelClosed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Received {
  enum class Status {
    frame,        // `frame` holds an authenticated frame
    closed,       // the peer closed the socket (or it failed)
    timed_out,    // nothing complete before the deadline
    interrupted,  // a signal arrived while waiting (the worker uses this for idle SIGINT)
    tampered,     // `problem` says why; the channel stays broken from now on
  };
  Status status = Status::closed;
  Frame frame;
  std::string problem;
};

class FrameChannel {
 public:
  FrameChannel(sandbox::UniqueFd socket, SessionKey key, Direction outgoing);

  // Seals and writes one frame; throws ChannelClosed when the peer is gone.
  void send(FrameType type, std::string_view payload);

  // Waits up to `timeout` (nullopt: forever) for one whole frame. Also watches `extra_fd` (e.g. a
  // pidfd) when given: if it becomes readable first, returns timed_out with
  // extra_fd_ready() == true.
  Received receive(std::optional<std::chrono::milliseconds> timeout, int extra_fd = -1);
  bool extra_fd_ready() const { return extra_fd_ready_; }
  // Bytes read from the socket but not yet returned as frames (whole frames or the start of one).
  std::size_t buffered_bytes() const { return buffer_.size(); }

  int fd() const { return socket_.get(); }

 private:
  sandbox::UniqueFd socket_;
  SessionKey key_;
  Direction outgoing_;
  Direction incoming_;
  std::uint64_t next_send_ = 0;
  std::uint64_t next_receive_ = 0;
  std::string buffer_;
  std::optional<std::string> broken_;  // set once tampered
  bool extra_fd_ready_ = false;
};

}  // namespace gradebox::protocol
