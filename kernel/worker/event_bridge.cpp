// `_gradebox` module functions and the session child's side of the frame channel.
#include "kernel/worker/event_bridge.hpp"

#include <pthread.h>
#include <unistd.h>

#include "kernel/worker/py_ref.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using protocol::FrameType;

EventBridge* active_bridge = nullptr;

// In the zygote (warm-up) no session is active: events are dropped.
#define REQUIRE_BRIDGE() \
  if (active_bridge == nullptr) Py_RETURN_NONE

PyObject* emit_stream(PyObject*, PyObject* args) {
  const char* name;
  PyObject* text;
  if (!PyArg_ParseTuple(args, "sU", &name, &text)) return nullptr;
  REQUIRE_BRIDGE();
  const std::string stream = name;
  if (stream != "stdout" && stream != "stderr") {
    PyErr_SetString(PyExc_ValueError, "stream name must be stdout or stderr");
    return nullptr;
  }
  const std::string utf8 = to_utf8(text);
  active_bridge->write_stream(
      stream == "stdout" ? OutputStream::stdout_stream : OutputStream::stderr_stream, utf8);
  Py_RETURN_NONE;
}

PyObject* emit_display(PyObject*, PyObject* args) {
  int update;
  PyObject *data, *metadata, *transient;
  if (!PyArg_ParseTuple(args, "pOOO", &update, &data, &metadata, &transient)) return nullptr;
  REQUIRE_BRIDGE();
  active_bridge->send(update ? FrameType::update_display_data : FrameType::display_data,
                      {{"data", to_json(data)},
                       {"metadata", to_json(metadata)},
                       {"transient", to_json(transient)}});
  Py_RETURN_NONE;
}

PyObject* emit_clear_output(PyObject*, PyObject* args) {
  int wait;
  if (!PyArg_ParseTuple(args, "p", &wait)) return nullptr;
  REQUIRE_BRIDGE();
  active_bridge->send(FrameType::clear_output, {{"wait", wait != 0}});
  Py_RETURN_NONE;
}

PyObject* emit_execute_result(PyObject*, PyObject* args) {
  int count;
  PyObject *data, *metadata;
  if (!PyArg_ParseTuple(args, "iOO", &count, &data, &metadata)) return nullptr;
  REQUIRE_BRIDGE();
  if (active_bridge->locked_cell_running()) Py_RETURN_NONE;
  json bundle = to_json(data);
  if (bundle.is_object() && bundle.contains("text/plain") && bundle["text/plain"].is_string())
    active_bridge->note_result_text(bundle["text/plain"].get<std::string>());
  active_bridge->send(
      FrameType::execute_result,
      {{"execution_count", count}, {"data", std::move(bundle)}, {"metadata", to_json(metadata)}});
  Py_RETURN_NONE;
}

PyObject* emit_error(PyObject*, PyObject* args) {
  PyObject *ename, *evalue, *traceback;
  if (!PyArg_ParseTuple(args, "OOO", &ename, &evalue, &traceback)) return nullptr;
  REQUIRE_BRIDGE();
  if (active_bridge->locked_cell_running()) Py_RETURN_NONE;
  active_bridge->note_error_reported();
  active_bridge->send(
      FrameType::error,
      {{"ename", to_utf8(ename)}, {"evalue", to_utf8(evalue)}, {"traceback", to_json(traceback)}});
  Py_RETURN_NONE;
}

PyObject* flush_streams(PyObject*, PyObject*) {
  REQUIRE_BRIDGE();
  active_bridge->flush_streams();
  Py_RETURN_NONE;
}

PyObject* request_input(PyObject*, PyObject* args) {
  const char* prompt;
  int password;
  if (!PyArg_ParseTuple(args, "sp", &prompt, &password)) return nullptr;
  REQUIRE_BRIDGE();
  const auto value = active_bridge->request_input(prompt, password != 0);
  if (!value) return nullptr;
  return PyUnicode_DecodeUTF8(value->data(), static_cast<Py_ssize_t>(value->size()), "replace");
}

// A comm's message to the frontend (comms.py): msg_type comm_open, comm_msg or comm_close; the
// content's keys (comm_id, data, target_name, ...) and the message metadata, buffers as bytes.
PyObject* emit_comm(PyObject*, PyObject* args) {
  const char* msg_type;
  PyObject *content, *metadata, *buffers;
  if (!PyArg_ParseTuple(args, "sO!O!O!", &msg_type, &PyDict_Type, &content, &PyDict_Type, &metadata,
                        &PyList_Type, &buffers))
    return nullptr;
  REQUIRE_BRIDGE();
  const std::string type = msg_type;
  std::optional<FrameType> frame;
  if (type == "comm_open") frame = FrameType::comm_open;
  if (type == "comm_msg") frame = FrameType::comm_msg;
  if (type == "comm_close") frame = FrameType::comm_close;
  if (!frame) {
    PyErr_SetString(PyExc_ValueError, "msg_type must be comm_open, comm_msg or comm_close");
    return nullptr;
  }
  json payload = to_json(content);
  payload["metadata"] = to_json(metadata);
  payload["buffers"] = to_json(buffers);  // bytes -> base64
  active_bridge->send(*frame, payload);
  Py_RETURN_NONE;
}

PyObject* emit_comm_target(PyObject*, PyObject* args) {
  const char* name;
  if (!PyArg_ParseTuple(args, "s", &name)) return nullptr;
  REQUIRE_BRIDGE();
  active_bridge->send(FrameType::comm_target, {{"target_name", name}});
  Py_RETURN_NONE;
}

PyMethodDef methods[] = {
    {"emit_stream", emit_stream, METH_VARARGS, "emit_stream(name, text)"},
    {"emit_display", emit_display, METH_VARARGS, "emit_display(update, data, metadata, transient)"},
    {"emit_clear_output", emit_clear_output, METH_VARARGS, "emit_clear_output(wait)"},
    {"emit_execute_result", emit_execute_result, METH_VARARGS,
     "emit_execute_result(count, data, metadata)"},
    {"emit_error", emit_error, METH_VARARGS, "emit_error(ename, evalue, traceback_lines)"},
    {"request_input", request_input, METH_VARARGS, "request_input(prompt, password) -> str"},
    {"emit_comm", emit_comm, METH_VARARGS, "emit_comm(msg_type, content, metadata, buffers)"},
    {"emit_comm_target", emit_comm_target, METH_VARARGS, "emit_comm_target(target_name)"},
    {"flush_streams", flush_streams, METH_NOARGS, "flush_streams(): send pending output now"},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef module_definition = {PyModuleDef_HEAD_INIT,
                                 "_gradebox",
                                 "gradebox worker event bridge",
                                 -1,
                                 methods,
                                 nullptr,
                                 nullptr,
                                 nullptr,
                                 nullptr};

}  // namespace

EventBridge::EventBridge(protocol::FrameChannel& channel)
    : channel_(channel), streams_([this](OutputStream stream, const std::string& text) {
        send_frame(FrameType::stream,
                   {{"name", stream == OutputStream::stderr_stream ? "stderr" : "stdout"},
                    {"text", text}});
      }) {}

void EventBridge::send(FrameType type, const json& payload) {
  if (type != FrameType::stream) streams_.flush();
  send_frame(type, payload);
}

void EventBridge::send_frame(FrameType type, const json& payload) {
  std::lock_guard lock(send_mutex_);
  try {
    channel_.send(type, payload.dump(-1, ' ', false, json::error_handler_t::replace));
  } catch (const protocol::ChannelClosed&) {
    ::_exit(0);  // the trusted side closed the session: nothing left to report to
  }
}

void EventBridge::begin_cell(bool locked, bool allow_stdin) {
  cell_running_ = true;
  locked_ = locked;
  allow_stdin_ = allow_stdin;
  error_reported_ = false;
  last_result_text_.reset();
}

std::optional<std::string> EventBridge::request_input(const std::string& prompt, bool password) {
  if (!cell_running_) {  // a thread of an earlier cell: only a running cell's request is answered
    PyErr_SetString(PyExc_EOFError, "no input: input() outside a running cell");
    return std::nullopt;
  }
  const int id = ++input_requests_;
  send(FrameType::input_request, {{"prompt", prompt}, {"password", password}, {"id", id}});
  for (;;) {
    protocol::Received received = channel_.receive(std::nullopt);
    if (received.status == protocol::Received::Status::interrupted) {
      if (PyErr_CheckSignals() != 0) return std::nullopt;
      continue;
    }
    if (received.status != protocol::Received::Status::frame) ::_exit(0);
    if (received.frame.type != FrameType::input_reply) ::_exit(3);  // protocol violation
    const json reply = json::parse(received.frame.payload, nullptr, false);
    if (const auto it = reply.find("id"); it != reply.end() && *it != id)
      continue;  // the late reply to a request an interrupt ended
    if (!reply.is_object() || !reply.contains("value") || !reply["value"].is_string()) {
      PyErr_SetString(PyExc_EOFError, "no input: the frontend cancelled the request");
      return std::nullopt;
    }
    return reply["value"].get<std::string>();
  }
}

protocol::Frame EventBridge::next_request() {
  for (;;) {
    protocol::Received received;
    // Without the GIL: the session's threads run on between requests, as in ipykernel.
    Py_BEGIN_ALLOW_THREADS;
    received = channel_.receive(std::nullopt);
    Py_END_ALLOW_THREADS;
    if (received.status == protocol::Received::Status::interrupted) {
      PyErr_CheckSignals();  // an interrupt while idle: drop the KeyboardInterrupt it raises
      PyErr_Clear();
      continue;
    }
    // The late answer to an input request that an interrupt ended is dropped.
    if (received.status == protocol::Received::Status::frame &&
        received.frame.type == FrameType::input_reply)
      continue;
    if (received.status == protocol::Received::Status::frame) return std::move(received.frame);
    ::_exit(received.status == protocol::Received::Status::closed ? 0 : 3);
  }
}

void install_event_bridge(EventBridge* bridge) {
  active_bridge = bridge;
  // A process the session forks (multiprocessing) must not write on the session's channel: its
  // frames would interleave with the session's and repeat its sequence numbers. Its output
  // reaches the session through fd 1/2 instead (bootstrap.py, leave_session_streams).
  static const int registered = ::pthread_atfork(nullptr, nullptr, [] { active_bridge = nullptr; });
  (void)registered;
}

PyObject* init_gradebox_module() {
  return PyModule_Create(&module_definition);
}

}  // namespace gradebox::worker
