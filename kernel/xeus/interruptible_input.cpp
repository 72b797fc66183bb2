// Cancelling xeus' blocking input request with a thread-directed signal (interruptible_input.hpp).
#include "kernel/xeus/interruptible_input.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <xeus/xinput.hpp>
#include <zmq.hpp>

namespace gradebox::kernel {
namespace {

constexpr int cancel_signal = SIGUSR1;
constexpr int max_cancel_attempts = 100;
constexpr auto cancel_retry_interval = std::chrono::milliseconds(20);

void on_cancel_signal(int) {}  // its only job is to make the blocking receive return EINTR

}  // namespace

void InterruptibleInput::install_cancel_signal() {
  struct sigaction action {};
  action.sa_handler = on_cancel_signal;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the receive must fail, not resume
  if (::sigaction(cancel_signal, &action, nullptr) != 0)
    throw std::runtime_error(std::string("sigaction(SIGUSR1): ") + std::strerror(errno));
}

std::optional<std::string> InterruptibleInput::request(const std::string& prompt, bool password) {
  {
    std::lock_guard lock(mutex_);
    waiting_ = true;
    waiting_thread_ = ::pthread_self();
  }
  struct NoLongerWaiting {
    InterruptibleInput& input;
    ~NoLongerWaiting() {
      {
        std::lock_guard lock(input.mutex_);
        input.waiting_ = false;
      }
      input.wait_ended_.notify_all();
    }
  } no_longer_waiting{*this};
  try {
    return xeus::blocking_input_request(prompt, password);
  } catch (const zmq::error_t& error) {
    if (error.num() != EINTR) throw;
    spdlog::info("input request cancelled by an interrupt");
    return std::nullopt;
  }
}

void InterruptibleInput::cancel() {
  std::unique_lock lock(mutex_);
  for (int attempt = 0; waiting_ && attempt < max_cancel_attempts; ++attempt) {
    ::pthread_kill(waiting_thread_, cancel_signal);
    wait_ended_.wait_for(lock, cancel_retry_interval, [this] { return !waiting_; });
  }
}

}  // namespace gradebox::kernel
