// Background start, replacement after worker death, and thread-safe interrupt (session_slot.hpp).
#include "kernel/xeus/session_slot.hpp"

#include <spdlog/spdlog.h>

#include "sandbox/required_layers.hpp"

namespace gradebox::kernel {

SessionSlot::SessionSlot(runtime::RuntimePolicy policy)
    : policy_(std::move(policy)), notebook_folder_(std::filesystem::current_path()) {
  sandbox::HostProbe host = sandbox::probe_host();
  // Before the kernel answers anything: without a required layer it must not start at all.
  if (const auto missing = sandbox::missing_on_host(host, policy_.required_layers);
      !missing.empty())
    throw std::runtime_error(sandbox::describe_missing(missing));
  isolation_level_ = runtime::isolation_level_for(policy_, host);
  std::promise<void> started;
  started_ = started.get_future().share();
  starter_ = std::thread([this, host = std::move(host), started = std::move(started)]() mutable {
    try {
      auto runtime = runtime::Runtime::start(policy_, std::move(host));
      spdlog::info("worker zygote up: {}", runtime->worker_info().dump());
      {
        std::lock_guard lock(mutex_);
        if (!closed_) {  // a shutdown during start keeps `runtime` local: it stops right here
          runtime_ = std::move(runtime);
          open_session_locked();
        }
      }
      started.set_value();
    } catch (...) {
      started.set_exception(std::current_exception());
    }
  });
}

SessionSlot::~SessionSlot() {
  shutdown();
  if (starter_.joinable()) starter_.join();
}

void SessionSlot::wait_until_started() {
  started_.get();  // rethrows the start failure for every caller
}

std::shared_ptr<runtime::Session> SessionSlot::open_session_locked() {
  if (closed_) throw runtime::SessionError("the kernel is shutting down");
  if (session_) session_->close();  // dead already: closed before its folder goes
  session_.reset();
  folder_.reset();
  folder_ = SessionFolder::for_folder(notebook_folder_);
  for (const auto& entry : folder_->left_out())
    spdlog::warn("not copied into the session's folder: {}", entry);
  // matplotlib's font cache where ~/.cache would be, not among the student's files.
  const std::string matplotlib_cache = (folder_->path() / ".cache" / "matplotlib").string();
  const runtime::SessionOptions options{.working_directory = folder_->path(),
                                        .environment = {{"MPLCONFIGDIR", matplotlib_cache}}};
  try {
    session_ = runtime_->open_session(options);
  } catch (const runtime::SessionError& error) {
    // A shared zygote service that was stopped or killed: attach to (or start) its successor.
    if (!runtime_->worker_info().value("zygote", nlohmann::json::object()).value("attached", false))
      throw;
    spdlog::warn("{}; attaching the runtime afresh", error.what());
    runtime_ = runtime::Runtime::start(policy_);
    session_ = runtime_->open_session(options);
  }
  spdlog::info("session opened, worker pid {}", session_->pid());
  death_reported_ = false;
  return session_;
}

std::shared_ptr<runtime::Session> SessionSlot::session() {
  wait_until_started();
  std::lock_guard lock(mutex_);
  // A death not reported yet waits for the next cell, which returns it (the user learns why).
  if (session_ && (session_->alive() || !death_reported_)) return session_;
  return open_session_locked();
}

template <class Work>
auto SessionSlot::while_running(Work&& work) {
  {
    std::lock_guard lock(mutex_);
    if (closed_) throw runtime::SessionError("the kernel is shutting down");
    ++cells_running_;
  }
  struct Finished {
    SessionSlot& slot;
    ~Finished() {
      {
        std::lock_guard lock(slot.mutex_);
        --slot.cells_running_;
      }
      slot.cells_running_changed_.notify_all();
    }
  } finished{*this};
  return work();
}

runtime::CellVerdict SessionSlot::execute(const runtime::ExecuteRequest& request,
                                          const runtime::EventCallback& on_event,
                                          const runtime::InputCallback& on_input) {
  auto live = session();
  auto verdict = while_running([&] { return live->execute(request, on_event, on_input); });
  if (!verdict.session_alive) {
    std::lock_guard lock(mutex_);
    if (session_ == live) death_reported_ = true;
  }
  return verdict;
}

std::shared_ptr<runtime::Session> SessionSlot::current() const {
  std::lock_guard lock(mutex_);
  return session_;
}

bool SessionSlot::drain_idle_output(const runtime::EventCallback& on_event) {
  auto live = current();
  return live && while_running([&] { return live->drain_idle_output(on_event); });
}

void SessionSlot::replace_dead_session() {
  wait_until_started();
  std::lock_guard lock(mutex_);
  if (session_ && session_->alive()) return;
  open_session_locked();
}

void SessionSlot::interrupt() {
  std::shared_ptr<runtime::Session> session;
  {
    std::lock_guard lock(mutex_);
    session = session_;
  }
  if (session) {
    spdlog::info("interrupting worker pid {}", session->pid());
    session->interrupt();
  }
}

void SessionSlot::shutdown() {
  std::shared_ptr<runtime::Session> session;
  std::optional<SessionFolder> folder;
  std::unique_ptr<runtime::Runtime> runtime;
  {
    std::unique_lock lock(mutex_);
    closed_ = true;
    if (cells_running_ > 0 && session_) {
      session_->interrupt();
      if (!cells_running_changed_.wait_for(lock, std::chrono::seconds(2),
                                           [this] { return cells_running_ == 0; })) {
        // Closing under a running execute is not allowed; the worker ends with the kernel
        // process instead (its control socket closes when the kernel exits).
        spdlog::warn("a cell is still running; leaving the worker to end with the kernel");
        return;
      }
    }
    session = std::move(session_);
    folder = std::move(folder_);
    runtime = std::move(runtime_);
  }
  if (session) {
    session->close();
    spdlog::info("session closed");
  }
  folder.reset();   // after its session
  runtime.reset();  // stops the zygote
}

std::optional<nlohmann::json> SessionSlot::worker_info() const {
  std::lock_guard lock(mutex_);
  if (!runtime_) return std::nullopt;
  return runtime_->worker_info();
}

}  // namespace gradebox::kernel
