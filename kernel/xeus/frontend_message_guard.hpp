// The frontend's messages checked before xeus reads them. Whoever holds the connection key
// (on a hub: the student, through the Jupyter server) can send any message; xeus 2.4's comm
// manager copies a comm_open/comm_msg/comm_close `comm_id` into a fixed 55-character buffer
// without a length check (comm_id.hpp), so one long id corrupted the trusted kernel's stack.
// Such messages are dropped here, with a warning in the kernel's log, as ipykernel ignores a
// message for a comm it does not know.
//
// A decorator around the kernel's real server: xeus gives no hook between receiving and
// dispatching, so the guard registers itself as the inner server's listener and passes on,
// to the listeners xeus registers on the guard, only what it accepts. Everything else is
// forwarded unchanged.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <xeus/xserver.hpp>

namespace gradebox::kernel {

// Why xeus must not see `message` (a frontend's request), or empty when it may.
std::string unsafe_for_xeus(const std::string& msg_type, const nl::json& content);

class FrontendMessageGuard : public xeus::xserver {
 public:
  explicit FrontendMessageGuard(std::unique_ptr<xeus::xserver> inner);

 private:
  xeus::xcontrol_messenger& get_control_messenger_impl() override;
  void send_shell_impl(xeus::xmessage message) override;
  void send_control_impl(xeus::xmessage message) override;
  void send_stdin_impl(xeus::xmessage message) override;
  void publish_impl(xeus::xpub_message message, xeus::channel c) override;
  void start_impl(xeus::xpub_message message) override;
  void abort_queue_impl(const listener& l, long polling_interval) override;
  void stop_impl() override;
  void update_config_impl(xeus::xconfiguration& config) const override;

  std::unique_ptr<xeus::xserver> inner_;
};

}  // namespace gradebox::kernel
