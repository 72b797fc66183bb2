// FrameChannel: buffering reads with poll, whole-frame writes.
#include "kernel/protocol/frame_channel.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace gradebox::protocol {

FrameChannel::FrameChannel(sandbox::UniqueFd socket, SessionKey key, Direction outgoing)
    : socket_(std::move(socket)),
      key_(std::move(key)),
      outgoing_(outgoing),
      incoming_(outgoing == Direction::to_worker ? Direction::to_client : Direction::to_worker) {}

void FrameChannel::send(FrameType type, std::string_view payload) {
  const std::string bytes = seal_frame(key_, outgoing_, type, next_send_++, payload);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(socket_.get(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw ChannelClosed(std::string("frame channel: send failed: ") +
                          (n < 0 ? std::strerror(errno) : "peer closed"));
    sent += static_cast<std::size_t>(n);
  }
}

Received FrameChannel::receive(std::optional<std::chrono::milliseconds> timeout, int extra_fd) {
  Received result;
  extra_fd_ready_ = false;
  const auto deadline = timeout ? std::chrono::steady_clock::now() + *timeout
                                : std::chrono::steady_clock::time_point::max();
  for (;;) {
    if (broken_) {
      result.status = Received::Status::tampered;
      result.problem = *broken_;
      return result;
    }
    OpenedFrame opened = open_frame(key_, incoming_, buffer_, next_receive_);
    if (opened.status == OpenedFrame::Status::tampered) {
      broken_ = opened.problem;
      continue;
    }
    if (opened.status == OpenedFrame::Status::frame) {
      buffer_.erase(0, opened.consumed);
      ++next_receive_;
      result.status = Received::Status::frame;
      result.frame = std::move(opened.frame);
      return result;
    }

    int wait_ms = -1;
    if (timeout) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      wait_ms = static_cast<int>(std::max<std::int64_t>(0, left.count()));
    }
    pollfd fds[2] = {{socket_.get(), POLLIN, 0}, {extra_fd, POLLIN, 0}};
    const int ready = ::poll(fds, extra_fd >= 0 ? 2 : 1, wait_ms);
    if (ready < 0 && errno == EINTR) {
      result.status = Received::Status::interrupted;
      return result;
    }
    if (ready < 0) {
      result.status = Received::Status::closed;
      result.problem = std::string("poll failed: ") + std::strerror(errno);
      return result;
    }
    if (ready == 0) {
      result.status = Received::Status::timed_out;
      return result;
    }
    if (fds[0].revents == 0) {  // only the extra fd
      extra_fd_ready_ = true;
      result.status = Received::Status::timed_out;
      return result;
    }
    char chunk[65536];
    const ssize_t n = ::recv(socket_.get(), chunk, sizeof chunk, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      result.status = Received::Status::closed;
      if (!buffer_.empty())
        result.problem = "peer closed mid-frame (" + std::to_string(buffer_.size()) + " bytes)";
      return result;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace gradebox::protocol
