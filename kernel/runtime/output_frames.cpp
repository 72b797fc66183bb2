// Output frames into events (output_frames.hpp).
#include "kernel/runtime/output_frames.hpp"

#include "kernel/runtime/comm_frames.hpp"
#include "kernel/runtime/worker_frames.hpp"

namespace gradebox::runtime {
namespace {

using nlohmann::json;
using protocol::FrameType;

void emit(const EventCallback& on_event, const Event& event) {
  if (on_event) on_event(event);
}

// A number the session wrote where a count belongs, else 0 (never an exception: it is untrusted).
int count_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_number_integer() ? it->get<int>() : 0;
}

void emit_stream(CellOutputCaps& caps, const EventCallback& on_event, const json& body,
                 const std::string& text) {
  StreamEvent stream;
  stream.name = text_field(body, "name") == "stderr" ? StreamEvent::Name::stderr_stream
                                                     : StreamEvent::Name::stdout_stream;
  stream.text = caps.within_line_cap(text);
  if (!stream.text.empty()) emit(on_event, stream);
  if (auto notice = caps.take_line_notice()) emit(on_event, StreamEvent{stream.name, *notice});
}

void emit_display(CellOutputCaps& caps, const EventCallback& on_event, FrameType type,
                  const json& body) {
  if (caps.lines_cut()) return;
  const json data = object_field(body, "data"), metadata = object_field(body, "metadata"),
             transient = object_field(body, "transient");
  if (type == FrameType::display_data)
    emit(on_event, DisplayDataEvent{data, metadata, transient});
  else
    emit(on_event, UpdateDisplayDataEvent{data, metadata, transient});
}

}  // namespace

bool emit_output_frame(const protocol::Frame& frame, const json& body, CellOutputCaps& caps,
                       const EventCallback& on_event) {
  const bool stream_frame = frame.type == FrameType::stream;
  const std::string stream_text =
      stream_frame ? caps.within_byte_cap(text_field(body, "text")) : "";
  if (!stream_frame) caps.count_frame(frame.payload.size());
  switch (frame.type) {
    case FrameType::stream:
      emit_stream(caps, on_event, body, stream_text);
      return true;
    case FrameType::display_data:
    case FrameType::update_display_data:
      emit_display(caps, on_event, frame.type, body);
      return true;
    case FrameType::clear_output:
      emit(on_event, ClearOutputEvent{body.value("wait", json()) == true});
      return true;
    case FrameType::execute_result:
      emit(on_event,
           ExecuteResultEvent{count_field(body, "execution_count"), object_field(body, "data"),
                              object_field(body, "metadata")});
      return true;
    case FrameType::error: {
      ErrorEvent error = error_event(body);
      caps.cap_traceback(error.traceback);
      emit(on_event, error);
      return true;
    }
    case FrameType::comm_open:
    case FrameType::comm_msg:
    case FrameType::comm_close:
    case FrameType::comm_target:
      if (auto event = comm_event(frame.type, body)) emit(on_event, *event);
      return true;
    default:
      return false;
  }
}

}  // namespace gradebox::runtime
