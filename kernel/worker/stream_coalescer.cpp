// StreamCoalescer: pending output, fd 1/2 pipes and the flusher thread (stream_coalescer.hpp).
#include "kernel/worker/stream_coalescer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace gradebox::worker {
namespace {

constexpr auto flush_interval = std::chrono::milliseconds(200);  // ipykernel's flush_interval
constexpr std::size_t max_chunk_bytes = 64 * 1024;
constexpr std::size_t pipe_read_bytes = 64 * 1024;  // one pipe's capacity
constexpr std::size_t flusher_stack_bytes = 64 * 1024;

StreamCoalescer* forking_coalescer = nullptr;  // the session child's one coalescer

bool utf8_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// Length of the longest prefix of `bytes` that does not end inside a UTF-8 character.
std::size_t complete_utf8_prefix(std::string_view bytes) {
  std::size_t start = bytes.size();
  while (start > 0 && bytes.size() - start < 4 && utf8_continuation(bytes[start - 1])) --start;
  if (start == 0) return bytes.size();
  const auto lead = static_cast<unsigned char>(bytes[start - 1]);
  const std::size_t needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return bytes.size() - (start - 1) < needed ? start - 1 : bytes.size();
}

// The end of the next chunk of at most max_chunk_bytes, on a character boundary.
std::size_t chunk_end(std::string_view text, std::size_t from) {
  std::size_t end = std::min(text.size(), from + max_chunk_bytes);
  while (end < text.size() && end > from + 1 && utf8_continuation(text[end])) --end;
  return end;
}

}  // namespace

StreamCoalescer::~StreamCoalescer() {
  if (!flusher_started_) return;
  forking_coalescer = nullptr;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  const char wake = 0;
  [[maybe_unused]] const ssize_t ignored = ::write(wake_write_.get(), &wake, 1);
  ::pthread_join(flusher_, nullptr);
}

std::string StreamCoalescer::capture_descriptors() {
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
    return std::string("pipe for the output flusher: ") + std::strerror(errno);
  wake_read_.reset(wake[0]);
  wake_write_.reset(wake[1]);
  std::array<sandbox::UniqueFd, 2> write_ends;
  for (std::size_t i = 0; i < pipes_.size(); ++i) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0)
      return std::string("pipe for fd 1/2: ") + std::strerror(errno);
    pipes_[i].reset(ends[0]);
    write_ends[i].reset(ends[1]);
    ::fcntl(pipes_[i].get(), F_SETFL, O_NONBLOCK);
  }
  read_buffer_.resize(pipe_read_bytes);
  if (auto problem = start_flusher(); !problem.empty()) {
    for (auto& pipe : pipes_) pipe.reset();
    return problem;
  }
  // Only now that something reads them: dup2 clears FD_CLOEXEC, subprocesses inherit fd 1/2.
  for (int target : {1, 2}) ::dup2(write_ends[target - 1].get(), target);
  return {};
}

std::string StreamCoalescer::start_flusher() {
  // The flusher takes no signals: SIGINT must reach the thread running the cell.
  sigset_t all, previous;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &previous);
  pthread_attr_t attributes;
  ::pthread_attr_init(&attributes);
  ::pthread_attr_setstacksize(&attributes, flusher_stack_bytes);
  const int failed =
      ::pthread_create(&flusher_, &attributes, &StreamCoalescer::flusher_entry, this);
  ::pthread_attr_destroy(&attributes);
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (failed != 0) return std::string("output flusher thread: ") + std::strerror(failed);
  flusher_started_ = true;
  // A fork (multiprocessing, os.fork) must not copy the mutex while the flusher holds it.
  forking_coalescer = this;
  const auto lock = [] {
    if (forking_coalescer != nullptr) forking_coalescer->mutex_.lock();
  };
  const auto unlock = [] {
    if (forking_coalescer != nullptr) forking_coalescer->mutex_.unlock();
  };
  ::pthread_atfork(lock, unlock, unlock);
  return {};
}

void StreamCoalescer::write(OutputStream stream, std::string_view text) {
  std::lock_guard lock(mutex_);
  drain_pipes_locked();  // what a subprocess wrote earlier goes first
  append_locked(stream, text);
}

void StreamCoalescer::flush() {
  std::lock_guard lock(mutex_);
  drain_pipes_locked();
  send_pending_locked();
}

void StreamCoalescer::append_locked(OutputStream stream, std::string_view text) {
  if (text.empty()) return;
  if (!pending_.empty() && pending_stream_ != stream) send_pending_locked();
  pending_stream_ = stream;
  pending_.append(text);
  if (pending_.size() >= max_chunk_bytes) {
    send_pending_locked();
    return;
  }
  if (pending_since_) return;
  pending_since_ = Clock::now();
  const char wake = 0;  // the flusher now has a deadline; a full wake pipe already woke it
  [[maybe_unused]] const ssize_t ignored = ::write(wake_write_.get(), &wake, 1);
}

void StreamCoalescer::send_pending_locked() {
  pending_since_.reset();
  if (pending_.empty()) return;
  std::string text;
  text.swap(pending_);
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = chunk_end(text, start);
    send_(pending_stream_, text.substr(start, end - start));
    start = end;
  }
}

void StreamCoalescer::drain_pipes_locked() {
  // One read per pipe: bounded even while a background process keeps writing.
  for (std::size_t i = 0; i < pipes_.size(); ++i) {
    if (!pipes_[i]) continue;
    const ssize_t n = ::read(pipes_[i].get(), read_buffer_.data(), read_buffer_.size());
    if (n == 0) pipes_[i].reset();  // every writer closed it (the student closed fd 1/2)
    if (n <= 0) continue;
    std::string& bytes = partial_utf8_[i];
    bytes.append(read_buffer_.data(), static_cast<std::size_t>(n));
    const std::size_t complete = complete_utf8_prefix(bytes);
    append_locked(static_cast<OutputStream>(i), std::string_view(bytes).substr(0, complete));
    bytes.erase(0, complete);
  }
}

void* StreamCoalescer::flusher_entry(void* self) {
  static_cast<StreamCoalescer*>(self)->run_flusher();
  return nullptr;
}

void StreamCoalescer::run_flusher() {
  for (;;) {
    int timeout_ms = -1;
    std::array<pollfd, 3> watched{};
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      if (pending_since_) {
        const auto left = *pending_since_ + flush_interval - Clock::now();
        timeout_ms = static_cast<int>(
            std::max<std::int64_t>(0, std::chrono::ceil<std::chrono::milliseconds>(left).count()));
      }
      for (std::size_t i = 0; i < pipes_.size(); ++i) watched[i] = {pipes_[i].get(), POLLIN, 0};
      watched[2] = {wake_read_.get(), POLLIN, 0};
    }
    if (::poll(watched.data(), watched.size(), timeout_ms) < 0 && errno != EINTR) return;
    if (watched[2].revents != 0) {
      char drained[64];
      while (::read(wake_read_.get(), drained, sizeof drained) > 0) {
      }
    }
    std::lock_guard lock(mutex_);
    if (watched[0].revents != 0 || watched[1].revents != 0) drain_pipes_locked();
    if (pending_since_ && Clock::now() >= *pending_since_ + flush_interval) send_pending_locked();
  }
}

}  // namespace gradebox::worker
