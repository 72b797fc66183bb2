// The C module `_gradebox` through which the worker's Python half reports stream, display,
// execute_result and error events, and asks for input. Stream text is coalesced (see
// stream_coalescer.hpp) and sent before any other frame; every other call is one frame, sent at
// once. Python code can call these functions directly; that only adds output. Verdicts are never
// sent from here, and while a locked cell runs execute_result/error calls from Python are dropped.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kernel/protocol/frame_channel.hpp"
#include "kernel/worker/stream_coalescer.hpp"

namespace gradebox::worker {

class EventBridge {
 public:
  explicit EventBridge(protocol::FrameChannel& channel);

  // Sends a frame after the pending stream output; when the trusted side is gone the child exits
  // at once. Safe from any thread.
  void send(protocol::FrameType type, const nlohmann::json& payload);
  // Stdout/stderr text, coalesced into stream frames.
  void write_stream(OutputStream stream, std::string_view text) { streams_.write(stream, text); }
  void flush_streams() { streams_.flush(); }
  // fd 1/2 into stream frames too (see StreamCoalescer::capture_descriptors).
  std::string capture_descriptors() { return streams_.capture_descriptors(); }
  // Blocks until the input reply; nullopt and a Python exception set when interrupted or
  // cancelled (EOFError), or when no cell runs (EOFError): between requests the main thread waits
  // for the next one on the channel, which must have one reader.
  std::optional<std::string> request_input(const std::string& prompt, bool password);
  // Waits for the next request, the GIL released; on an idle SIGINT it clears the interrupt and
  // keeps waiting.
  protocol::Frame next_request();

  // Per cell.
  void begin_cell(bool locked, bool allow_stdin);
  void end_cell() {
    locked_ = false;
    cell_running_ = false;
  }
  bool locked_cell_running() const { return locked_; }
  bool error_reported() const { return error_reported_; }
  void note_error_reported() { error_reported_ = true; }
  // text/plain of the last execute_result (for history with output).
  const std::optional<std::string>& last_result_text() const { return last_result_text_; }
  void note_result_text(std::string text) { last_result_text_ = std::move(text); }

 private:
  void send_frame(protocol::FrameType type, const nlohmann::json& payload);

  protocol::FrameChannel& channel_;
  std::mutex send_mutex_;  // the flusher thread sends stream frames too
  StreamCoalescer streams_;
  bool cell_running_ = false;  // read and written with the GIL held
  bool locked_ = false;
  bool allow_stdin_ = false;
  bool error_reported_ = false;
  int input_requests_ = 0;  // numbers them, so a late reply is not taken for a newer request's
  std::optional<std::string> last_result_text_;
};

// Routes `_gradebox` calls to `bridge` (one per session child; nullptr in the zygote, where
// events are dropped).
void install_event_bridge(EventBridge* bridge);
// Module init; registered with PyImport_AppendInittab before the interpreter starts.
PyObject* init_gradebox_module();

}  // namespace gradebox::worker
