// Frontend messages xeus 2.4 cannot handle safely are dropped (frontend_message_guard.hpp).
#include "kernel/xeus/frontend_message_guard.hpp"

#include <spdlog/spdlog.h>

#include "kernel/xeus/comm_id.hpp"

namespace gradebox::kernel {

std::string unsafe_for_xeus(const std::string& msg_type, const nl::json& content) {
  if (msg_type != "comm_open" && msg_type != "comm_msg" && msg_type != "comm_close") return "";
  const auto id = content.find("comm_id");
  if (id == content.end() || !id->is_string()) return msg_type + " without a string comm_id";
  const auto& text = id->get_ref<const std::string&>();
  if (!xeus_can_hold_comm_id(text))
    return msg_type + " with a comm_id of " + std::to_string(text.size()) + " characters (1 to " +
           std::to_string(xeus_comm_id_capacity) + " accepted)";
  return "";
}

namespace {

// The listener the guard registers on the inner server: passes on what xeus may see.
template <class Notify>
xeus::xserver::listener checked(Notify notify, const char* channel) {
  return [notify, channel](xeus::xmessage message) {
    const std::string why =
        unsafe_for_xeus(message.header().value("msg_type", ""), message.content());
    if (!why.empty()) {
      spdlog::warn("dropped a frontend message on {}: {}", channel, why);
      return;
    }
    notify(std::move(message));
  };
}

}  // namespace

FrontendMessageGuard::FrontendMessageGuard(std::unique_ptr<xeus::xserver> inner)
    : inner_(std::move(inner)) {
  inner_->register_shell_listener(
      checked([this](xeus::xmessage m) { notify_shell_listener(std::move(m)); }, "shell"));
  inner_->register_control_listener(
      checked([this](xeus::xmessage m) { notify_control_listener(std::move(m)); }, "control"));
  inner_->register_stdin_listener(
      [this](xeus::xmessage m) { notify_stdin_listener(std::move(m)); });
  inner_->register_internal_listener(
      [this](nl::json m) { return notify_internal_listener(std::move(m)); });
}

xeus::xcontrol_messenger& FrontendMessageGuard::get_control_messenger_impl() {
  return inner_->get_control_messenger();
}

void FrontendMessageGuard::send_shell_impl(xeus::xmessage message) {
  inner_->send_shell(std::move(message));
}

void FrontendMessageGuard::send_control_impl(xeus::xmessage message) {
  inner_->send_control(std::move(message));
}

void FrontendMessageGuard::send_stdin_impl(xeus::xmessage message) {
  inner_->send_stdin(std::move(message));
}

void FrontendMessageGuard::publish_impl(xeus::xpub_message message, xeus::channel c) {
  inner_->publish(std::move(message), c);
}

void FrontendMessageGuard::start_impl(xeus::xpub_message message) {
  inner_->start(std::move(message));
}

void FrontendMessageGuard::abort_queue_impl(const listener& l, long polling_interval) {
  inner_->abort_queue(l, polling_interval);
}

void FrontendMessageGuard::stop_impl() {
  inner_->stop();
}

void FrontendMessageGuard::update_config_impl(xeus::xconfiguration& config) const {
  inner_->update_config(config);
}

}  // namespace gradebox::kernel
