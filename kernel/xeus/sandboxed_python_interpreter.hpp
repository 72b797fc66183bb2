// The xeus interpreter of gradebox-kernel. It only translates: Jupyter requests become runtime
// requests on the current session, runtime events become iopub messages as they happen, and
// input requests travel on the stdin channel. Running Python is the worker's business. What the
// session writes while no request runs (a thread's output) is published when the idle output
// watch wakes it (idle_output_watch.hpp).
#pragma once

#include <xeus/xinterpreter.hpp>

#include "kernel/xeus/idle_output_watch.hpp"
#include "kernel/xeus/interruptible_input.hpp"
#include "kernel/xeus/kernel_limits.hpp"
#include "kernel/xeus/session_comms.hpp"
#include "kernel/xeus/session_slot.hpp"

namespace gradebox::kernel {

class SandboxedPythonInterpreter : public xeus::xinterpreter {
 public:
  // `context`: xeus's ZeroMQ context, for the idle output watch.
  SandboxedPythonInterpreter(sandbox::Limits limits, SessionSlot& sessions,
                             InterruptibleInput& input, zmq::context_t& context);

 private:
  void configure_impl() override;
  nl::json execute_request_impl(int execution_counter, const std::string& code, bool silent,
                                bool store_history, nl::json user_expressions,
                                bool allow_stdin) override;
  nl::json complete_request_impl(const std::string& code, int cursor_pos) override;
  nl::json inspect_request_impl(const std::string& code, int cursor_pos, int detail_level) override;
  nl::json is_complete_request_impl(const std::string& code) override;
  nl::json kernel_info_request_impl() override;
  void shutdown_request_impl() override;
  nl::json internal_request_impl(const nl::json& message) override;

  // The cell's error output. A KeyboardInterrupt is held back until the verdict is known: when
  // gradebox itself stopped the cell (timeout, output limit), the limit's notice stands alone.
  struct CellErrorOutput {
    std::optional<runtime::ErrorEvent> error;
    bool held = false;  // `error` is a KeyboardInterrupt not published yet
  };
  // Publishes one runtime event; records the cell's error in `cell_error`.
  void publish_event(int execution_counter, const runtime::Event& event,
                     CellErrorOutput& cell_error);
  nl::json error_reply(const std::string& ename, const std::string& evalue,
                       const std::vector<std::string>& traceback);
  // Runs a frontend's comm message in the session, publishing what its handlers output.
  void deliver_comm(const runtime::CommDelivery& delivery);
  // The msg_id of the shell request being served.
  std::string request_msg_id() const;
  // After a session died during a request: a fresh one, and the old one's comms closed.
  void replace_dead_session();
  // Publishes what the session wrote since its last request, with the last request's parent
  // header (as ipykernel); stops watching a session that died.
  void publish_idle_output();
  // Has the idle output watch follow the current session (after each execute).
  void watch_idle_output();

  sandbox::Limits limits_;
  SessionSlot& sessions_;
  InterruptibleInput& input_;
  SessionComms comms_;
  int last_execution_count_ = 0;  // for an execute_result written between requests
  std::weak_ptr<runtime::Session> watched_;
  IdleOutputWatch idle_watch_;  // its thread ends before the ZeroMQ context (xkernel's order)
};

}  // namespace gradebox::kernel
