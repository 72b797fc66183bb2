// Comm frame payloads (see comm_frames.hpp).
#include "kernel/runtime/comm_frames.hpp"

namespace gradebox::runtime {
namespace {

using nlohmann::json;
using protocol::FrameType;

const char* msg_type(CommDelivery::Kind kind) {
  switch (kind) {
    case CommDelivery::Kind::open:
      return "comm_open";
    case CommDelivery::Kind::close:
      return "comm_close";
    case CommDelivery::Kind::message:
      break;
  }
  return "comm_msg";
}

// Base64 strings only: buffers the session sent as anything else are dropped.
std::optional<std::vector<std::string>> buffers_of(const json& body) {
  std::vector<std::string> buffers;
  const auto it = body.find("buffers");
  if (it == body.end()) return buffers;
  if (!it->is_array()) return std::nullopt;
  for (const auto& buffer : *it) {
    if (!buffer.is_string()) return std::nullopt;
    buffers.push_back(buffer.get<std::string>());
  }
  return buffers;
}

json object_or_empty(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_object() ? *it : json::object();
}

std::optional<Event> comm_message_event(FrameType type, const json& body) {
  const auto id = body.find("comm_id");
  if (id == body.end() || !id->is_string() || id->get<std::string>().empty()) return std::nullopt;
  auto buffers = buffers_of(body);
  if (!buffers) return std::nullopt;
  CommEvent event;
  event.kind = type == FrameType::comm_open    ? CommEvent::Kind::open
               : type == FrameType::comm_close ? CommEvent::Kind::close
                                               : CommEvent::Kind::message;
  event.comm_id = id->get<std::string>();
  if (event.kind == CommEvent::Kind::open) {
    const auto target = body.find("target_name");
    if (target == body.end() || !target->is_string()) return std::nullopt;
    event.target_name = target->get<std::string>();
  }
  event.data = object_or_empty(body, "data");
  event.metadata = object_or_empty(body, "metadata");
  event.buffers = std::move(*buffers);
  return event;
}

}  // namespace

json comm_delivery_payload(const CommDelivery& delivery, const std::string& jupyter_msg_id) {
  json content = {{"comm_id", delivery.comm_id}, {"data", delivery.data}};
  if (delivery.kind == CommDelivery::Kind::open) content["target_name"] = delivery.target_name;
  return {{"msg_type", msg_type(delivery.kind)},
          {"msg_id", jupyter_msg_id},
          {"content", std::move(content)},
          {"metadata", delivery.metadata},
          {"buffers", delivery.buffers}};
}

std::optional<Event> comm_event(FrameType type, const json& body) {
  switch (type) {
    case FrameType::comm_open:
    case FrameType::comm_msg:
    case FrameType::comm_close:
      return comm_message_event(type, body);
    case FrameType::comm_target: {
      const auto name = body.find("target_name");
      if (name == body.end() || !name->is_string()) return std::nullopt;
      return CommTargetEvent{name->get<std::string>()};
    }
    default:
      return std::nullopt;
  }
}

}  // namespace gradebox::runtime
