// Signals to the kernel process, handled on one dedicated thread: SIGINT (Jupyter's
// interrupt_mode "signal") interrupts the running cell; SIGTERM/SIGHUP shut the sandbox down
// and end the kernel, so no worker outlives it. Like ipykernel's parent poller, the same thread
// also ends the kernel when the process that launched it (JPY_PARENT_PID) is gone.
#pragma once

#include <sys/types.h>

#include <functional>
#include <thread>

namespace gradebox::kernel {

class SignalForwarder {
 public:
  // Blocks SIGINT, SIGTERM and SIGHUP in the calling thread. Call first thing in main, before
  // any thread exists, so every later thread (xeus', the runtime's) inherits the mask and the
  // signals are only ever taken by the forwarder. (The worker zygote does not inherit the mask:
  // the runtime spawns it with an empty one.)
  static void block_forwarded_signals();

  // on_terminate gets the signal number, or 0 when the launcher went away.
  SignalForwarder(std::function<void()> on_interrupt, std::function<void(int)> on_terminate);
  ~SignalForwarder();  // stops and joins the thread

  SignalForwarder(const SignalForwarder&) = delete;
  SignalForwarder& operator=(const SignalForwarder&) = delete;

 private:
  void run();

  std::function<void()> on_interrupt_;
  std::function<void(int)> on_terminate_;
  pid_t launcher_pid_ = 0;  // from JPY_PARENT_PID when it is our parent; 0: not watched
  std::thread thread_;
};

}  // namespace gradebox::kernel
