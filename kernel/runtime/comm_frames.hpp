// Comm traffic between the trusted side and a session child, in frame payloads: the frontend's
// comm messages to the session (comm_delivery) and the session's comm frames (comm_open,
// comm_msg, comm_close, comm_target) back as events. The session's frames are checked for shape
// only; malformed ones are dropped, as is anything a comm frame carries beyond its fields.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kernel/protocol/frame.hpp"
#include "kernel/runtime/event.hpp"
#include "kernel/runtime/request.hpp"

namespace gradebox::runtime {

// The comm_delivery payload for `delivery`, served for the Jupyter request `jupyter_msg_id`.
nlohmann::json comm_delivery_payload(const CommDelivery& delivery,
                                     const std::string& jupyter_msg_id);

// The event a comm frame of the session reports; nullopt for a frame of another type or one
// whose payload has not the shape of its type.
std::optional<Event> comm_event(protocol::FrameType type, const nlohmann::json& body);

}  // namespace gradebox::runtime
