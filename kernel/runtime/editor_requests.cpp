// WorkerSession's editor services (complete, inspect, is_complete, history): one request frame,
// one reply frame, empty replies once the session is dead.
#include "kernel/runtime/worker_frames.hpp"
#include "kernel/runtime/worker_session.hpp"

namespace gradebox::runtime {

using nlohmann::json;
using protocol::FrameType;
using protocol::Received;

std::optional<json> WorkerSession::round_trip(FrameType request_type, const json& payload,
                                              FrameType reply_type) {
  if (!alive()) return std::nullopt;
  try {
    channel_->send(request_type, payload.dump());
  } catch (const protocol::ChannelClosed&) {
    record_death(std::nullopt, "");
    return std::nullopt;
  }
  for (;;) {
    Received received = channel_->receive(std::nullopt, pidfd_.get());
    if (received.status == Received::Status::interrupted) continue;
    if (received.status == Received::Status::frame) {
      if (received.frame.type != reply_type) {  // a thread's output, or a __repr__'s
        keep_for_idle_output(std::move(received.frame));
        continue;
      }
      json body = json::parse(received.frame.payload, nullptr, false);
      if (body.is_object()) return body;
      record_death(VerdictKind::tampered, "malformed reply payload");
      return std::nullopt;
    }
    if (received.status == Received::Status::tampered)
      record_death(VerdictKind::tampered, "tampered frame: " + received.problem);
    else
      record_death(std::nullopt, "");
    return std::nullopt;
  }
}

CompleteReply WorkerSession::complete(const CompleteRequest& request) {
  CompleteReply reply{{}, request.cursor_pos, request.cursor_pos, json::object()};
  const auto body =
      round_trip(FrameType::complete, {{"code", request.code}, {"cursor_pos", request.cursor_pos}},
                 FrameType::complete_reply);
  if (!body) return reply;
  if (const auto it = body->find("matches"); it != body->end() && it->is_array())
    for (const auto& match : *it)
      if (match.is_string()) reply.matches.push_back(match.get<std::string>());
  reply.cursor_start = body->value("cursor_start", request.cursor_pos);
  reply.cursor_end = body->value("cursor_end", request.cursor_pos);
  reply.metadata = object_field(*body, "metadata");
  return reply;
}

InspectReply WorkerSession::inspect(const InspectRequest& request) {
  InspectReply reply;
  const auto body = round_trip(FrameType::inspect,
                               {{"code", request.code},
                                {"cursor_pos", request.cursor_pos},
                                {"detail_level", request.detail_level}},
                               FrameType::inspect_reply);
  if (!body) return reply;
  reply.found = body->value("found", false);
  reply.data = object_field(*body, "data");
  return reply;
}

IsCompleteReply WorkerSession::is_complete(const IsCompleteRequest& request) {
  IsCompleteReply reply;
  const auto body =
      round_trip(FrameType::is_complete, {{"code", request.code}}, FrameType::is_complete_reply);
  if (!body) return reply;
  reply.status = body->value("status", std::string("unknown"));
  reply.indent = body->value("indent", std::string());
  return reply;
}

HistoryReply WorkerSession::history(const HistoryRequest& request) {
  HistoryReply reply;
  const auto body = round_trip(FrameType::history,
                               {{"hist_access_type", request.hist_access_type},
                                {"output", request.output},
                                {"raw", request.raw},
                                {"start", request.start},
                                {"stop", request.stop},
                                {"n", request.n},
                                {"pattern", request.pattern},
                                {"unique", request.unique}},
                               FrameType::history_reply);
  if (!body || !body->contains("history") || !(*body)["history"].is_array()) return reply;
  for (const auto& entry : (*body)["history"]) {
    HistoryEntry item{entry.value("session", 0), entry.value("line", 0),
                      entry.value("input", std::string()), std::nullopt};
    if (entry.contains("output") && entry["output"].is_string())
      item.output = entry["output"].get<std::string>();
    reply.history.push_back(std::move(item));
  }
  return reply;
}

}  // namespace gradebox::runtime
