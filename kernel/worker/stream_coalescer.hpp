// Stdout and stderr of a session child, coalesced into few stream frames as ipykernel does.
//
// Python's writes (sys.stdout/sys.stderr) and whatever reaches fd 1/2 (os.system, subprocesses,
// C extensions: read from pipes) collect in one pending chunk. The chunk is sent 0.2 s after its
// first byte, when it reaches 64 KiB, when the other stream is written (so stdout and stderr keep
// their interleaving) and on flush(), which the bridge calls before every other frame (display,
// error, input request, cell end) so output keeps its order. Without this each write() was its
// own iopub message and a print loop overran Jupyter's message rate limit.
#pragma once

#include <pthread.h>

#include <array>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "sandbox/unique_fd.hpp"

namespace gradebox::worker {

enum class OutputStream { stdout_stream = 0, stderr_stream = 1 };

class StreamCoalescer {
 public:
  // Called with the mutex held, in order, from the writing thread or the flusher thread.
  using Sender = std::function<void(OutputStream stream, const std::string& text)>;

  explicit StreamCoalescer(Sender send) : send_(std::move(send)) {}
  ~StreamCoalescer();
  StreamCoalescer(const StreamCoalescer&) = delete;
  StreamCoalescer& operator=(const StreamCoalescer&) = delete;

  // Points fd 1 and 2 at pipes and starts the thread that reads them and sends pending output
  // on the interval. Call once, after the sandbox is entered (it wants a single thread). On
  // failure returns why; fd 1/2 then stay as they were and only Python's writes are captured.
  std::string capture_descriptors();

  void write(OutputStream stream, std::string_view text);
  // Sends everything pending, including what fd 1/2 hold right now.
  void flush();

 private:
  using Clock = std::chrono::steady_clock;

  void append_locked(OutputStream stream, std::string_view text);
  void send_pending_locked();
  void drain_pipes_locked();
  std::string start_flusher();
  void run_flusher();
  static void* flusher_entry(void* self);

  Sender send_;
  std::mutex mutex_;  // guards everything below but the wake pipe
  OutputStream pending_stream_ = OutputStream::stdout_stream;
  std::string pending_;
  std::optional<Clock::time_point> pending_since_;
  std::array<sandbox::UniqueFd, 2> pipes_;   // read ends of fd 1 and fd 2, non-blocking
  std::array<std::string, 2> partial_utf8_;  // a character split across two pipe reads
  std::string read_buffer_;
  sandbox::UniqueFd wake_read_, wake_write_;
  pthread_t flusher_{};
  bool flusher_started_ = false;
  bool stopping_ = false;
};

}  // namespace gradebox::worker
