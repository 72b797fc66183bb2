// interrupt_request on the control channel -> interrupt of the running cell, the
// input_request's password flag and aborted replies (see interrupt_request_server.hpp).
#include "kernel/xeus/interrupt_request_server.hpp"

#include <spdlog/spdlog.h>

namespace gradebox::kernel {
namespace {

std::function<void()>& interrupt_request_handler() {
  static std::function<void()> handler;
  return handler;
}

}  // namespace

InterruptRequestServer::InterruptRequestServer(zmq::context_t& context,
                                               const xeus::xconfiguration& config,
                                               nl::json::error_handler_t eh,
                                               std::function<void()> on_interrupt)
    : xeus::xserver_control_main(context, config, eh), on_interrupt_(std::move(on_interrupt)) {}

void InterruptRequestServer::send_control_impl(xeus::xmessage message) {
  if (message.header().value("msg_type", "") == "interrupt_reply" && on_interrupt_) {
    spdlog::info("interrupt_request received on the control channel");
    on_interrupt_();
  }
  xeus::xserver_zmq_split::send_control_impl(std::move(message));
}

void InterruptRequestServer::send_stdin_impl(xeus::xmessage message) {
  const nl::json& content = message.content();
  if (!content.contains("pwd")) {
    xeus::xserver_zmq_split::send_stdin_impl(std::move(message));
    return;
  }
  nl::json fixed = {{"prompt", content.value("prompt", "")},
                    {"password", content.value("pwd", false)}};
  xeus::xmessage corrected(message.identities(), message.header(), message.parent_header(),
                           message.metadata(), std::move(fixed), std::move(message).buffers());
  xeus::xserver_zmq_split::send_stdin_impl(std::move(corrected));
}

void InterruptRequestServer::abort_queue_impl(const listener& l, long polling_interval) {
  aborting_ = true;
  struct Done {
    bool& flag;
    ~Done() { flag = false; }
  } done{aborting_};
  xeus::xserver_zmq_split::abort_queue_impl(l, polling_interval);
}

void InterruptRequestServer::send_shell_impl(xeus::xmessage message) {
  if (!aborting_) {
    xeus::xserver_zmq_split::send_shell_impl(std::move(message));
    return;
  }
  nl::json metadata = message.metadata();
  metadata["status"] = "aborted";
  const nl::json& header = message.header();
  // busy, reply, idle: as ipykernel, so a client waiting for the request's idle status returns.
  const auto publish_status = [&](const char* state) {
    publish(
        xeus::xpub_message(
            "status",
            xeus::make_header("status", header.value("username", ""), header.value("session", "")),
            message.parent_header(), nl::json::object(), {{"execution_state", state}}, {}),
        xeus::channel::SHELL);
  };
  publish_status("busy");
  xeus::xmessage aborted(message.identities(), header, message.parent_header(), std::move(metadata),
                         {{"status", "aborted"}}, {});
  xeus::xserver_zmq_split::send_shell_impl(std::move(aborted));
  publish_status("idle");
}

void set_interrupt_request_handler(std::function<void()> on_interrupt) {
  interrupt_request_handler() = std::move(on_interrupt);
}

std::unique_ptr<xeus::xserver> make_interrupt_request_server(xeus::xcontext& context,
                                                             const xeus::xconfiguration& config,
                                                             nl::json::error_handler_t eh) {
  return std::make_unique<InterruptRequestServer>(context.get_wrapped_context<zmq::context_t>(),
                                                  config, eh, interrupt_request_handler());
}

}  // namespace gradebox::kernel
