// Wakes xeus's shell thread when the session writes while no request runs: a thread's print after
// its cell, a widget it updates, display() from a thread, or the session's death. ipykernel
// publishes such output at once; xeus 2.4 publishes only from the thread that serves shell
// requests, and that thread waits on its ZeroMQ sockets alone. One of them is its controller socket
// (inproc, xeus::get_controller_end_point("shell")), whose messages other than "stop" xeus hands
// to the interpreter as internal requests, on that thread, with the last shell request's parent
// header (as ipykernel's). This watch polls the session's descriptors on its own thread and, when
// one is readable, sends such an internal request and waits for its answer: the interpreter then
// publishes what the session wrote (SandboxedPythonInterpreter::internal_request_impl).
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "sandbox/unique_fd.hpp"

namespace gradebox::kernel {

class IdleOutputWatch {
 public:
  // `context`: xeus's ZeroMQ context (inproc endpoints live in one context).
  explicit IdleOutputWatch(zmq::context_t& context);
  ~IdleOutputWatch();
  IdleOutputWatch(const IdleOutputWatch&) = delete;
  IdleOutputWatch& operator=(const IdleOutputWatch&) = delete;

  // From now on, watch these (runtime::Session::idle_descriptors); empty: nothing.
  void watch(std::vector<sandbox::UniqueFd> descriptors);

  // The internal request this watch sends, and how the interpreter recognises it.
  static nlohmann::json wake_request();
  static bool is_wake_request(const nlohmann::json& message);

 private:
  using Descriptors = std::shared_ptr<const std::vector<sandbox::UniqueFd>>;

  enum class Wait { readable, changed, failed };

  void run();
  // Waits until a watched descriptor is readable, the watched set changes, or stop.
  Wait wait(const Descriptors& descriptors);
  // Sends the wake request on `shell` and waits for its answer; false when stopping (or ZeroMQ
  // failed).
  bool wake_shell_thread(zmq::socket_t& shell);
  bool stopping();
  void take_wake_signal();

  zmq::context_t& context_;
  sandbox::UniqueFd wake_;  // an eventfd: the watched set changed, or stop
  std::mutex mutex_;        // guards descriptors_, stopping_
  Descriptors descriptors_ = std::make_shared<std::vector<sandbox::UniqueFd>>();
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace gradebox::kernel
