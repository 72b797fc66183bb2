// SessionComms: the session's comms mirrored in xeus's comm manager (see session_comms.hpp).
#include "kernel/xeus/session_comms.hpp"

#include <spdlog/spdlog.h>

#include "grader/records/base64.hpp"
#include "kernel/xeus/comm_id.hpp"

namespace gradebox::kernel {
namespace {

nl::json object_or_empty(const nl::json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_object() ? *it : nl::json::object();
}

std::string string_or_empty(const nl::json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The frontend's message as the session is to receive it.
runtime::CommDelivery delivery_of(runtime::CommDelivery::Kind kind, const xeus::xmessage& message) {
  runtime::CommDelivery delivery;
  delivery.kind = kind;
  delivery.comm_id = string_or_empty(message.content(), "comm_id");
  delivery.target_name = string_or_empty(message.content(), "target_name");
  delivery.data = object_or_empty(message.content(), "data");
  if (message.metadata().is_object()) delivery.metadata = message.metadata();
  for (const auto& buffer : message.buffers())
    delivery.buffers.push_back(
        records::base64_encode(std::string_view(buffer.data(), buffer.size())));
  return delivery;
}

// The session's base64 buffers as xeus sends them; nullopt when one is not base64.
std::optional<xeus::buffer_sequence> decoded_buffers(const std::vector<std::string>& buffers) {
  xeus::buffer_sequence decoded;
  for (const auto& buffer : buffers) {
    auto bytes = records::base64_decode(buffer);
    if (!bytes) return std::nullopt;
    decoded.emplace_back(bytes->begin(), bytes->end());
  }
  return decoded;
}

}  // namespace

SessionComms::SessionComms(xeus::xinterpreter& interpreter, Deliver deliver)
    : interpreter_(interpreter), deliver_(std::move(deliver)) {}

xeus::xtarget* SessionComms::target(const std::string& target_name) {
  // xcomm_manager::target() adds an empty target for an unknown name: only ask for ours.
  auto& manager = interpreter_.comm_manager();
  if (targets_.contains(target_name)) return manager.target(target_name);
  targets_.insert(target_name);
  manager.register_comm_target(target_name, [this](xeus::xcomm&& comm, xeus::xmessage request) {
    on_frontend_open(std::move(comm), request);
  });
  return manager.target(target_name);
}

void SessionComms::add_target(const std::string& target_name) {
  target(target_name);
}

xeus::xcomm& SessionComms::adopt(std::unique_ptr<xeus::xcomm> comm) {
  const std::string id(comm->id().c_str());
  comm->on_message([this](xeus::xmessage message) {
    deliver_(delivery_of(runtime::CommDelivery::Kind::message, message));
  });
  comm->on_close([this, id](xeus::xmessage message) {
    retire(id);
    deliver_(delivery_of(runtime::CommDelivery::Kind::close, message));
  });
  if (open_.contains(id)) {  // a frontend reusing an open comm's id replaces it
    retire(id);
    comm->target().register_comm(comm->id(), comm.get());
  }
  auto& kept = open_[id] = std::move(comm);
  return *kept;
}

void SessionComms::retire(const std::string& comm_id) {
  const auto it = open_.find(comm_id);
  if (it == open_.end()) return;
  // Out of comm_info_request at once; the object itself lives until release_closed().
  it->second->target().unregister_comm(it->second->id());
  closed_.push_back(std::move(it->second));
  open_.erase(it);
}

void SessionComms::on_frontend_open(xeus::xcomm&& comm, const xeus::xmessage& request) {
  release_closed();
  adopt(std::make_unique<xeus::xcomm>(std::move(comm)));
  deliver_(delivery_of(runtime::CommDelivery::Kind::open, request));
}

void SessionComms::publish(const runtime::CommEvent& event) {
  if (!xeus_can_hold_comm_id(event.comm_id)) {
    spdlog::warn("dropped a comm message of the session: comm id of {} bytes",
                 event.comm_id.size());
    return;
  }
  auto buffers = decoded_buffers(event.buffers);
  if (!buffers) {
    spdlog::warn("dropped a comm message of the session: a buffer is not base64");
    return;
  }
  if (event.kind == runtime::CommEvent::Kind::open) {
    if (open_.contains(event.comm_id)) {
      spdlog::warn("dropped the session's comm_open for {}: that comm is open", event.comm_id);
      return;
    }
    auto comm = std::make_unique<xeus::xcomm>(target(event.target_name),
                                              xeus::xguid(event.comm_id.c_str()));
    adopt(std::move(comm)).open(event.metadata, event.data, std::move(*buffers));
    return;
  }
  const auto it = open_.find(event.comm_id);
  if (it == open_.end()) return;  // closed already, or never opened
  if (event.kind == runtime::CommEvent::Kind::message) {
    it->second->send(event.metadata, event.data, std::move(*buffers));
    return;
  }
  it->second->close(event.metadata, event.data, std::move(*buffers));
  retire(event.comm_id);
}

void SessionComms::close_all() {
  while (!open_.empty()) {
    const std::string id = open_.begin()->first;
    open_.begin()->second->close(nl::json::object(), nl::json::object(), {});
    retire(id);
  }
}

}  // namespace gradebox::kernel
