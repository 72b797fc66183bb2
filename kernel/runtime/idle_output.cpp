// WorkerSession between requests: what the session writes while no request runs (a thread that
// prints after its cell, a widget it updates), reported as ipykernel publishes it, at once. The
// frames are checked as a cell's are; they count toward the last cell's output caps, and past the
// byte cap the session is ended (no cell is left to interrupt, only its threads run). A death
// seen here is recorded, and the next execute returns it.
#include <fcntl.h>

#include "kernel/runtime/death_reason.hpp"
#include "kernel/runtime/output_frames.hpp"
#include "kernel/runtime/worker_session.hpp"

namespace gradebox::runtime {

using nlohmann::json;
using protocol::FrameType;
using protocol::Received;

namespace {

// How long one drain may go on while frames keep coming, so that requests are served meanwhile.
constexpr auto drain_slice = std::chrono::milliseconds(50);

sandbox::UniqueFd duplicate(int fd) {
  return sandbox::UniqueFd(fd >= 0 ? ::fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1);
}

}  // namespace

std::vector<sandbox::UniqueFd> WorkerSession::idle_descriptors() const {
  std::vector<sandbox::UniqueFd> descriptors;
  std::lock_guard lock(state_mutex_);
  if (death_ || closed_ || !channel_) return descriptors;
  for (int fd : {channel_->fd(), pidfd_.get()})
    if (auto copy = duplicate(fd)) descriptors.push_back(std::move(copy));
  return descriptors;
}

void WorkerSession::keep_for_idle_output(protocol::Frame frame) {
  // Beyond the byte cap the output ends the session anyway: what comes later need not be kept.
  if (idle_backlog_bytes_ > policy_.limits.output_bytes) return;
  idle_backlog_bytes_ += frame.payload.size();
  idle_backlog_.push_back(std::move(frame));
}

bool WorkerSession::handle_idle_frame(const protocol::Frame& frame, const EventCallback& on_event) {
  if (!idle_caps_) idle_caps_.emplace(policy_.limits);
  const json body = json::parse(frame.payload, nullptr, false);
  if (!body.is_object()) {
    record_death(VerdictKind::tampered, "malformed frame payload (not a JSON object)");
    return false;
  }
  const bool output = emit_output_frame(frame, body, *idle_caps_, on_event);
  if (idle_caps_->over_byte_cap()) {
    record_death(VerdictKind::output_limit,
                 "output limit of " + format_bytes(policy_.limits.output_bytes) +
                     " per cell exceeded by output written after the cell ended");
    return false;
  }
  if (output) return true;
  record_death(VerdictKind::tampered, std::string("unexpected frame type ") +
                                          protocol::to_string(frame.type) + " between requests");
  return false;
}

bool WorkerSession::drain_idle_output(const EventCallback& on_event) {
  if (!alive()) return false;
  std::vector<protocol::Frame> backlog = std::exchange(idle_backlog_, {});
  idle_backlog_bytes_ = 0;
  for (const auto& frame : backlog)
    if (!handle_idle_frame(frame, on_event)) return false;
  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    // Whole frames already read are handled before returning: nothing would wake the caller.
    if (channel_->buffered_bytes() == 0 && std::chrono::steady_clock::now() - started > drain_slice)
      return true;
    Received received = channel_->receive(std::chrono::milliseconds(0), pidfd_.get());
    switch (received.status) {
      case Received::Status::interrupted:
        continue;
      case Received::Status::frame:
        if (!handle_idle_frame(received.frame, on_event)) return false;
        continue;
      case Received::Status::tampered:
        record_death(VerdictKind::tampered, "tampered frame: " + received.problem);
        return false;
      case Received::Status::closed:
        if (received.problem.empty())
          record_death(std::nullopt, "");
        else
          record_death(VerdictKind::tampered, "truncated frame: " + received.problem);
        return false;
      case Received::Status::timed_out:
        break;
    }
    if (!channel_->extra_fd_ready()) return true;
    record_death(std::nullopt, "");  // the child exited, its descendants hold the socket open
    return false;
  }
}

}  // namespace gradebox::runtime
