// The runtime session the kernel currently talks to. The zygote starts in the background so the
// kernel answers kernel_info at once, from a thread that lives until shutdown (the worker holds
// PR_SET_PDEATHSIG, which fires when the spawning *thread* ends); a session whose worker died is replaced by a fresh one on
// the next request; interrupt() may come from any thread (the SIGINT forwarder, the control
// channel) while the shell thread executes.
#pragma once

#include "kernel/runtime/runtime.hpp"

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace gradebox::kernel {

class SessionSlot {
 public:
  // Starts Runtime::start(policy) and the first session on a background thread.
  explicit SessionSlot(runtime::RuntimePolicy policy);
  ~SessionSlot();  // closes the session and stops the zygote (no processes left behind)

  SessionSlot(const SessionSlot&) = delete;
  SessionSlot& operator=(const SessionSlot&) = delete;

  // The live session, opening a fresh one if the last one died. Blocks until the zygote is up.
  // Throws runtime::RuntimeStartError / runtime::SessionError when gradebox cannot work.
  std::shared_ptr<runtime::Session> session();

  // Replaces a session that died mid-cell with a fresh one now, so the next cell finds it ready.
  void replace_dead_session();

  // KeyboardInterrupt into the running cell; a no-op while no session exists.
  void interrupt();

  // Closes the session and the runtime; later calls to session() throw SessionError.
  void shutdown();

  // The zygote's report (python/ipython versions, isolation level), once it is up; else nullopt.
  std::optional<nlohmann::json> worker_info() const;

 private:
  std::shared_ptr<runtime::Session> open_session_locked();
  void wait_until_started();

  runtime::RuntimePolicy policy_;
  std::shared_future<void> started_;
  std::thread runtime_owner_;
  std::condition_variable closed_changed_;
  mutable std::mutex mutex_;  // guards runtime_, session_, closed_; never held during execute
  std::unique_ptr<runtime::Runtime> runtime_;
  std::shared_ptr<runtime::Session> session_;
  bool closed_ = false;
};

}  // namespace gradebox::kernel
