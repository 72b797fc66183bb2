// The runtime session the kernel currently talks to. The zygote starts on a background thread so
// the kernel answers kernel_info at once; a session whose worker died is replaced by a fresh one
// once a cell has reported its death; interrupt() may come from any thread (the SIGINT forwarder,
// the control channel) while the shell thread executes. Sessions run in the kernel's cwd, the
// notebook's folder, by the rules of session_folder.hpp.
#pragma once

#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "kernel/runtime/runtime.hpp"
#include "kernel/xeus/session_folder.hpp"

namespace gradebox::kernel {

class SessionSlot {
 public:
  // Probes the host (a few ms, so the isolation level is known at once), then starts the runtime
  // and the first session on a background thread.
  explicit SessionSlot(runtime::RuntimePolicy policy);
  ~SessionSlot();  // closes the session and stops the zygote (no processes left behind)

  SessionSlot(const SessionSlot&) = delete;
  SessionSlot& operator=(const SessionSlot&) = delete;

  // The live session, opening a fresh one if the last one died. Blocks until the zygote is up.
  // Throws runtime::RuntimeStartError / runtime::SessionError when gradebox cannot work.
  std::shared_ptr<runtime::Session> session();

  // Runs one cell on the live session (see Session::execute); shutdown() waits for it.
  runtime::CellVerdict execute(const runtime::ExecuteRequest& request,
                               const runtime::EventCallback& on_event,
                               const runtime::InputCallback& on_input);

  // Replaces a session that died mid-cell with a fresh one now, so the next cell finds it ready.
  void replace_dead_session();

  // The session in the slot now, without opening one; nullptr before the first is open.
  std::shared_ptr<runtime::Session> current() const;
  // On the shell thread, while no request runs: what the session wrote since its last request
  // (Session::drain_idle_output); false once there is nothing more to watch. A session that died
  // meanwhile stays in the slot until the next cell reports its death (execute returns it);
  // until then editor requests get empty replies.
  bool drain_idle_output(const runtime::EventCallback& on_event);

  // KeyboardInterrupt into the running cell; a no-op while no session exists.
  void interrupt();

  // Closes the session and the runtime; later calls to session() throw SessionError. A running
  // cell is interrupted and given a moment to end first, since a Session is not to be closed
  // while another thread drives it.
  void shutdown();

  // The zygote's report (python/ipython versions, isolation level, the session's sandbox layers),
  // once it is up; else nullopt.
  std::optional<nlohmann::json> worker_info() const;
  // The level every session gets ("cgroup2", "cgroup1", "rlimit"), known from construction.
  const std::string& isolation_level() const { return isolation_level_; }

 private:
  std::shared_ptr<runtime::Session> open_session_locked();
  void wait_until_started();
  // Returns work(), which drives the session: shutdown() waits for it. Throws SessionError once
  // the slot is closed.
  template <class Work>
  auto while_running(Work&& work);

  runtime::RuntimePolicy policy_;
  std::filesystem::path notebook_folder_;  // the kernel's cwd when it started
  std::string isolation_level_;
  std::shared_future<void> started_;
  std::thread starter_;
  mutable std::mutex mutex_;  // guards runtime_, session_, closed_; never held during execute
  std::unique_ptr<runtime::Runtime> runtime_;
  std::shared_ptr<runtime::Session> session_;
  std::optional<SessionFolder> folder_;  // session_'s; outlives it
  bool closed_ = false;
  bool death_reported_ = false;  // an execute returned session_'s death
  int cells_running_ = 0;
  std::condition_variable cells_running_changed_;
};

}  // namespace gradebox::kernel
