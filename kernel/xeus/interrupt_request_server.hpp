// The xeus server of gradebox-kernel: xeus' control-main server (control channel on the main
// thread, shell on its own thread, so control messages are read while a cell runs), extended to
// honour interrupt_request. xeus 2.4 answers interrupt_request itself without telling the
// interpreter; the reply passing through send_control is where the interrupt is forwarded.
// It also corrects xeus 2.4's input_request, which names the password flag "pwd" where the
// protocol (and every frontend) reads "password": getpass() answers were shown and saved.
// And requests aborted after an error (stop_on_error) get status "aborted", not xeus' "error".
#pragma once

#include <functional>
#include <memory>
#include <xeus/xserver_control_main.hpp>

namespace gradebox::kernel {

class InterruptRequestServer : public xeus::xserver_control_main {
 public:
  InterruptRequestServer(zmq::context_t& context, const xeus::xconfiguration& config,
                         nl::json::error_handler_t eh, std::function<void()> on_interrupt);

 private:
  void send_control_impl(xeus::xmessage message) override;
  void send_stdin_impl(xeus::xmessage message) override;
  void send_shell_impl(xeus::xmessage message) override;
  void abort_queue_impl(const listener& l, long polling_interval) override;

  bool aborting_ = false;  // on the shell thread, inside abort_queue_impl

  std::function<void()> on_interrupt_;
};

// A xeus::xkernel::server_builder (a plain function pointer, hence the process-wide handler):
// builds an InterruptRequestServer calling `on_interrupt`, set beforehand with
// set_interrupt_request_handler.
void set_interrupt_request_handler(std::function<void()> on_interrupt);
std::unique_ptr<xeus::xserver> make_interrupt_request_server(xeus::xcontext& context,
                                                             const xeus::xconfiguration& config,
                                                             nl::json::error_handler_t eh);

}  // namespace gradebox::kernel
