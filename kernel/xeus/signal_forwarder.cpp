// sigwait loop forwarding SIGINT/SIGTERM/SIGHUP (see signal_forwarder.hpp).
#include "kernel/xeus/signal_forwarder.hpp"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace gradebox::kernel {
namespace {

// SIGUSR2 sent by the destructor to this thread alone ends the loop.
constexpr int stop_signal = SIGUSR2;

// The forwarder's thread, for signals that land on a thread with an unblocked mask.
std::atomic<pthread_t> forwarder_thread{};
std::atomic<bool> forwarder_running{false};

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
  // Only reached by threads inside SignalsUnblockedForChildren; before the forwarder runs, such
  // a signal is dropped (startup), which beats the default action of killing the kernel.
  struct sigaction action = {};
  action.sa_handler = &SignalForwarder::redirect_to_forwarder;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal_number, &action, nullptr);
}

SignalForwarder::SignalForwarder(std::function<void()> on_interrupt,
                                 std::function<void(int)> on_terminate)
    : on_interrupt_(std::move(on_interrupt)), on_terminate_(std::move(on_terminate)) {
  block_forwarded_signals();
  thread_ = std::thread(&SignalForwarder::run, this);
  forwarder_thread = thread_.native_handle();
  forwarder_running = true;
}

void SignalForwarder::redirect_to_forwarder(int signal_number) {
  // Only pthread_kill here: it is async-signal-safe, and the forwarder has the signal blocked.
  if (forwarder_running) pthread_kill(forwarder_thread, signal_number);
}

SignalForwarder::~SignalForwarder() {
  forwarder_running = false;
  pthread_kill(thread_.native_handle(), stop_signal);
  thread_.join();
}

void SignalForwarder::run() {
  const sigset_t set = forwarded_signals(true);
  for (;;) {
    int signal_number = 0;
    if (sigwait(&set, &signal_number) != 0) continue;
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

SignalsUnblockedForChildren::SignalsUnblockedForChildren() {
  sigset_t set = forwarded_signals(false);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

SignalsUnblockedForChildren::~SignalsUnblockedForChildren() {
  sigset_t set = forwarded_signals(false);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

}  // namespace gradebox::kernel
