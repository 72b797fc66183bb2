// The C++ client API of the gradebox runtime, used by gradebox-kernel and the grader.
//
//   auto runtime = gradebox::runtime::Runtime::start(policy);   // starts the zygote
//   SessionOptions options;  options.working_directory = dir;
//   auto session = runtime->open_session(options);
//   ExecuteRequest cell;  cell.code = "1+1";
//   CellVerdict v = session->execute(cell, [](const Event& e) { ... });
//   session->interrupt();            // from any thread, while execute runs
//   session->close();                // or let the unique_ptr go
//
// Threads: Runtime::open_session may be called from several threads at once; one Session is
// driven by one thread at a time, except interrupt(), which any thread may call at any time.
// Student behaviour never throws: it becomes a CellVerdict. Exceptions (RuntimeStartError,
// SessionError) mean gradebox itself cannot work (worker missing, host refuses the sandbox).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

#include "kernel/runtime/event.hpp"
#include "kernel/runtime/request.hpp"
#include "kernel/runtime/runtime_policy.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::runtime {

struct RuntimeStartError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct SessionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Called for every event of a cell, on the thread that called execute, before execute returns.
using EventCallback = std::function<void(const Event&)>;
// Called when the cell asks for input (allow_stdin only); blocks the cell until it returns.
using InputCallback = std::function<std::optional<InputReply>(const InputRequestEvent&)>;

class Session {
 public:
  virtual ~Session() = default;

  // Runs one cell. Returns when the cell ended, timed out or the child died; the verdict says
  // which. After a verdict with session_alive == false every further execute returns the same
  // death verdict at once.
  virtual CellVerdict execute(const ExecuteRequest& request, const EventCallback& on_event,
                              const InputCallback& on_input = {}) = 0;

  // Editor services. On a dead session they return empty replies.
  virtual CompleteReply complete(const CompleteRequest& request) = 0;
  virtual InspectReply inspect(const InspectRequest& request) = 0;
  virtual IsCompleteReply is_complete(const IsCompleteRequest& request) = 0;
  virtual HistoryReply history(const HistoryRequest& request) = 0;

  // SIGINT to the session child: a running cell gets KeyboardInterrupt (verdict error); an idle
  // session ignores it. Safe from any thread, including signal-forwarding threads.
  virtual void interrupt() = 0;

  // Sends shutdown, waits briefly, then kills the child and reaps it. Idempotent.
  virtual void close(const ShutdownRequest& request = {}) = 0;

  virtual bool alive() const = 0;
  // Why the child is gone (verdict + reason), once it is.
  virtual std::optional<CellVerdict> death() const = 0;
  // Between requests the session may still write: a thread's output, a widget it updates. These
  // descriptors (the caller's own copies) become readable when it does, or when the child dies;
  // none for a session that does not write between requests.
  virtual std::vector<sandbox::UniqueFd> idle_descriptors() const { return {}; }
  // Reports through on_event, without waiting, what the session wrote since its last request:
  // stream, display, error and comm events, counted toward the last cell's output caps (past the
  // byte cap the session is ended, verdict output_limit). Returns false once there is nothing
  // more to watch: the child is gone, and the next execute returns its death.
  virtual bool drain_idle_output(const EventCallback& on_event) {
    (void)on_event;
    return false;
  }
  // The child's pid as seen from the caller (for logs and tests).
  virtual int pid() const = 0;
  // The limits the session runs under (what a verdict's notice names).
  virtual const RuntimePolicy& policy() const = 0;
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  // Starts the zygote (gradebox-worker) and waits until its preloads are done. Throws
  // RuntimeStartError, before starting anything, when sessions on this host would run below
  // RuntimePolicy::required_isolation_level (rather than failing every session later).
  static std::unique_ptr<Runtime> start(const RuntimePolicy& policy);
  // The same with the host probe the caller already made (sandbox::probe_host()).
  static std::unique_ptr<Runtime> start(const RuntimePolicy& policy, sandbox::HostProbe host);

  // Forks a session child from the zygote, confines it, and waits for its ready frame.
  virtual std::unique_ptr<Session> open_session(const SessionOptions& options) = 0;

  // Starts opening a session with `options` in the background, so that a later open_session
  // with equal options returns it at once (a grader reserves the next notebook's session while
  // the current one runs). Nothing runs in a reserved session before it is taken. At most
  // `max_reserved_sessions` wait at a time (the oldest is closed to make room); those never
  // taken are closed with the runtime. A reservation that failed to open is retried by
  // open_session, which then reports the error.
  virtual void reserve_session(const SessionOptions& options) = 0;
  static constexpr std::size_t max_reserved_sessions = 8;

  // What the zygote reported at start: {"python": "3.11.2", "ipython": "8.5.0" or null,
  // "preloaded": [...], "skipped": [...], "pid": ...}, plus the sandbox: "isolation_level"
  // (isolation_level_for below) and, once a session has opened, "layers" (what the newest
  // session child reported active, e.g. ["user-namespace", "seccomp", ...]).
  virtual nlohmann::json worker_info() const = 0;
  virtual const RuntimePolicy& policy() const = 0;
};

// The isolation level sessions under `policy` get on `host` ("cgroup2", "cgroup1", "rlimit"):
// the host's best level capped by RuntimePolicy::max_isolation_level (as sandbox::Confinement).
std::string isolation_level_for(const RuntimePolicy& policy, const sandbox::HostProbe& host);

}  // namespace gradebox::runtime
