// Signals to the kernel process, handled on one dedicated thread: SIGINT (Jupyter's
// interrupt_mode "signal") interrupts the running cell; SIGTERM/SIGHUP shut the sandbox down
// and end the kernel, so no worker outlives it.
#pragma once

#include <functional>
#include <thread>

namespace gradebox::kernel {

class SignalForwarder {
 public:
  // Blocks SIGINT, SIGTERM and SIGHUP in the calling thread. Call first thing in main, before
  // any thread exists, so every later thread (xeus', the runtime's) inherits the mask and the
  // signals are only ever taken by the forwarder. Also installs the handler that passes a signal
  // landing on a SignalsUnblockedForChildren thread on to the forwarder.
  static void block_forwarded_signals();

  SignalForwarder(std::function<void()> on_interrupt, std::function<void(int)> on_terminate);
  ~SignalForwarder();  // stops and joins the thread

  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

 private:
  void run();
  static void redirect_to_forwarder(int signal_number);

  std::function<void()> on_interrupt_;
  std::function<void(int)> on_terminate_;
  std::thread thread_;
};

// While alive, the calling thread has the forwarded signals unblocked, so that a child it spawns
// (the worker zygote, via posix_spawn) starts with them unblocked: the runtime interrupts a cell
// with SIGINT, which a blocked mask inherited from the kernel would swallow. A signal that lands
// on this thread meanwhile is passed on to the forwarder thread, never lost or fatal.
class SignalsUnblockedForChildren {
 public:
  SignalsUnblockedForChildren();
  ~SignalsUnblockedForChildren();

  SignalsUnblockedForChildren(const SignalsUnblockedForChildren&) = delete;
  SignalsUnblockedForChildren& operator=(const SignalsUnblockedForChildren&) = delete;
};

}  // namespace gradebox::kernel
