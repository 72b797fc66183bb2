// Background start, replacement after worker death, and thread-safe interrupt (session_slot.hpp).
#include "kernel/xeus/session_slot.hpp"

#include "kernel/xeus/signal_forwarder.hpp"

#include <spdlog/spdlog.h>

namespace gradebox::kernel {

SessionSlot::SessionSlot(runtime::RuntimePolicy policy) : policy_(std::move(policy)) {
  std::promise<void> started;
  started_ = started.get_future().share();
  runtime_owner_ = std::thread([this, started = std::move(started)]() mutable {
    try {
      SignalsUnblockedForChildren unblocked;  // the zygote must be interruptible
      auto runtime = runtime::Runtime::start(policy_);
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
      return;
    }
    std::unique_lock lock(mutex_);
    closed_changed_.wait(lock, [this] { return closed_; });
  });
}

SessionSlot::~SessionSlot() {
  shutdown();
  if (runtime_owner_.joinable()) runtime_owner_.join();
}

void SessionSlot::wait_until_started() {
  started_.get();  // rethrows the start failure for every caller
}

std::shared_ptr<runtime::Session> SessionSlot::open_session_locked() {
  if (closed_) throw runtime::SessionError("the kernel is shutting down");
  SignalsUnblockedForChildren unblocked;  // in case the runtime respawns its zygote here
  session_ = runtime_->open_session({});
  spdlog::info("session opened, worker pid {}", session_->pid());
  return session_;
}

std::shared_ptr<runtime::Session> SessionSlot::session() {
  wait_until_started();
  std::lock_guard lock(mutex_);
  if (session_ && session_->alive()) return session_;
  return open_session_locked();
}

void SessionSlot::replace_dead_session() {
  wait_until_started();
  std::lock_guard lock(mutex_);
  if (session_ && session_->alive()) return;
  if (session_) session_->close();
  session_.reset();
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
  std::unique_ptr<runtime::Runtime> runtime;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    session = std::move(session_);
    runtime = std::move(runtime_);
  }
  closed_changed_.notify_all();
  if (session) {
    session->close();
    spdlog::info("session closed");
  }
  runtime.reset();  // stops the zygote
}

std::optional<nlohmann::json> SessionSlot::worker_info() const {
  std::lock_guard lock(mutex_);
  if (!runtime_) return std::nullopt;
  return runtime_->worker_info();
}

}  // namespace gradebox::kernel
