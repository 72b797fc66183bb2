// sigwait loop forwarding SIGINT/SIGTERM/SIGHUP (see signal_forwarder.hpp).
#include "kernel/xeus/signal_forwarder.hpp"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace gradebox::kernel {
namespace {

// SIGUSR2 sent by the destructor to this thread alone ends the loop.
constexpr int stop_signal = SIGUSR2;

sigset_t forwarded_signals(bool with_stop) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  if (with_stop) sigaddset(&set, stop_signal);
  return set;
}

}  // namespace

void SignalForwarder::block_forwarded_signals() {
  sigset_t set = forwarded_signals(true);
  if (int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    throw std::runtime_error(std::string("pthread_sigmask: ") + std::strerror(rc));
  }
}

SignalForwarder::SignalForwarder(std::function<void()> on_interrupt,
                                 std::function<void(int)> on_terminate)
    : on_interrupt_(std::move(on_interrupt)), on_terminate_(std::move(on_terminate)) {
  if (const char* launcher = std::getenv("JPY_PARENT_PID")) {
    const pid_t pid = static_cast<pid_t>(std::atoi(launcher));
    if (pid > 1 && pid == getppid()) launcher_pid_ = pid;
  }
  block_forwarded_signals();
  thread_ = std::thread(&SignalForwarder::run, this);
}

SignalForwarder::~SignalForwarder() {
  pthread_kill(thread_.native_handle(), stop_signal);
  thread_.join();
}

void SignalForwarder::run() {
  const sigset_t set = forwarded_signals(true);
  const timespec poll_interval = {1, 0};
  for (;;) {
    const int signal_number = sigtimedwait(&set, nullptr, &poll_interval);
    if (signal_number < 0) {
      if (errno == EAGAIN && launcher_pid_ != 0 && getppid() != launcher_pid_) {
        spdlog::warn("the process that launched the kernel (pid {}) is gone; shutting down",
                     launcher_pid_);
        on_terminate_(0);
        return;
      }
      continue;
    }
    if (signal_number == stop_signal) return;
    if (signal_number == SIGINT) {
      spdlog::info("SIGINT: interrupting the running cell");
      on_interrupt_();
      continue;
    }
    spdlog::info("{}: shutting the sandbox down", strsignal(signal_number));
    on_terminate_(signal_number);
    return;
  }
}

}  // namespace gradebox::kernel
