// input()/getpass() answers from the frontend, and their cancellation by an interrupt.
//
// xeus waits for an input_reply in a blocking receive on the shell thread, and only the user's
// answer would end it: an interrupt at an input() prompt then took effect after the answer, and
// the late reply reached a worker that had moved on. An interrupt (from the SIGINT forwarder or
// the control channel) now signals the waiting shell thread, whose receive fails with EINTR, and
// the request ends unanswered; the worker, interrupted at the same time, raises KeyboardInterrupt.
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace gradebox::kernel {

class InterruptibleInput {
 public:
  // Installs the handler of the signal cancel() uses (SIGUSR1, without SA_RESTART). Once, in main.
  static void install_cancel_signal();

  // On the shell thread: sends the input_request and waits for its reply; nullopt when cancel()
  // ended the wait.
  std::optional<std::string> request(const std::string& prompt, bool password);
  // From any thread: ends a pending request() at once; a no-op when none waits. Signals again
  // until the wait has ended (a signal landing just before the receive starts is lost).
  void cancel();

 private:
  std::mutex mutex_;
  std::condition_variable wait_ended_;
  bool waiting_ = false;
  pthread_t waiting_thread_{};
};

}  // namespace gradebox::kernel
