// The C module `_gradebox` through which the worker's Python half reports stream, display,
// execute_result and error events, and asks for input. Each call becomes one frame, sent at once.
// Python code can call these functions directly; that only adds output. Verdicts are never sent
// from here, and while a locked cell runs execute_result/error calls from Python are dropped.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "kernel/protocol/frame_channel.hpp"

namespace gradebox::worker {

class EventBridge {
 public:
  explicit EventBridge(protocol::FrameChannel& channel) : channel_(channel) {}

  // Sends a frame; when the trusted side is gone the child exits at once.
  void send(protocol::FrameType type, const nlohmann::json& payload);
  // Blocks until the input reply; nullopt and a Python exception set when interrupted or
  // cancelled (EOFError).
  std::optional<std::string> request_input(const std::string& prompt, bool password);
  // Waits for the next request; on an idle SIGINT it clears the interrupt and keeps waiting.
  protocol::Frame next_request();

  // Per cell.
  void begin_cell(bool locked, bool allow_stdin);
  void end_cell() { locked_ = false; }
  bool locked_cell_running() const { return locked_; }
  bool error_reported() const { return error_reported_; }
  void note_error_reported() { error_reported_ = true; }
  // text/plain of the last execute_result (for history with output).
  const std::optional<std::string>& last_result_text() const { return last_result_text_; }
  void note_result_text(std::string text) { last_result_text_ = std::move(text); }

 private:
  protocol::FrameChannel& channel_;
  bool locked_ = false;
  bool allow_stdin_ = false;
  bool error_reported_ = false;
  std::optional<std::string> last_result_text_;
};

// Routes `_gradebox` calls to `bridge` (one per session child; nullptr in the zygote, where the
// functions raise RuntimeError).
void install_event_bridge(EventBridge* bridge);
// Module init; registered with PyImport_AppendInittab before the interpreter starts.
PyObject* init_gradebox_module();

}  // namespace gradebox::worker
