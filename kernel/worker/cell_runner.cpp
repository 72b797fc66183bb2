// CellRunner: request dispatch inside a session child.
#include "kernel/worker/cell_runner.hpp"

#include <fnmatch.h>
#include <sys/resource.h>

#include "kernel/worker/integrity_watch.hpp"
#include "kernel/worker/locked_cell.hpp"
#include "kernel/worker/py_ref.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using protocol::FrameType;

std::string string_field(const json& request, const char* name) {
  const auto it = request.find(name);
  return it != request.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool bool_field(const json& request, const char* name, bool fallback) {
  const auto it = request.find(name);
  return it != request.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

int int_field(const json& request, const char* name, int fallback) {
  const auto it = request.find(name);
  return it != request.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

PyRef py_string(const std::string& text) {
  return PyRef(PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace"));
}

// Traceback lines as Jupyter wants them: one string per line, no trailing newlines.
json traceback_lines(PyObject* format_exception, PyObject* exception) {
  json lines = json::array();
  PyRef formatted(PyObject_CallOneArg(format_exception, exception));
  if (!formatted) {
    PyErr_Clear();
    return lines;
  }
  for (const auto& chunk : to_json(formatted.get())) {
    if (!chunk.is_string()) continue;
    std::string text = chunk.get<std::string>();
    std::size_t start = 0;
    while (start < text.size()) {
      const auto newline = text.find('\n', start);
      const auto end = newline == std::string::npos ? text.size() : newline;
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return lines;
}

// The page payload's shape: {"source": "page", "data": {mime: text}, "start": n}; null when
// there is no text.
json page_payload(const json& payload) {
  const auto data = payload.find("data");
  if (data == payload.end() || !data->is_object()) return nullptr;
  json text_data = json::object();
  for (const auto& [mime, content] : data->items())
    if (content.is_string()) text_data[mime] = content;
  if (text_data.empty()) return nullptr;
  const auto start = payload.find("start");
  return {{"source", "page"},
          {"data", std::move(text_data)},
          {"start", start != payload.end() && start->is_number_integer() ? start->get<int>() : 0}};
}

// The cell's IPython payloads, taken from the adapter and reduced to the shapes ipykernel sends:
// the pager's text, `set_next_input` (%load) and `ask_exit` (exit(), quit()). Anything else
// student code put there is dropped.
json reply_payloads(PyObject* take_payloads) {
  json reduced = json::array();
  PyRef taken(PyObject_CallNoArgs(take_payloads));
  const json payloads = taken ? to_json(taken.get()) : json();
  PyErr_Clear();
  if (!payloads.is_array()) return reduced;
  for (const auto& payload : payloads) {
    if (!payload.is_object()) continue;
    const json source = payload.value("source", json());
    const json text = payload.value("text", json());
    if (source == "page") {
      if (json page = page_payload(payload); !page.is_null()) reduced.push_back(std::move(page));
    } else if (source == "set_next_input" && text.is_string()) {
      reduced.push_back({{"source", "set_next_input"},
                         {"text", text},
                         {"replace", payload.value("replace", json()) == true}});
    } else if (source == "ask_exit") {
      reduced.push_back(
          {{"source", "ask_exit"}, {"keepkernel", payload.value("keepkernel", json()) == true}});
    }
  }
  return reduced;
}

// [{"kind", "detail"}] of what the integrity watch saw since the last cell.
json integrity_payload() {
  json findings = json::array();
  for (auto& finding : take_integrity_findings())
    findings.push_back({{"kind", std::move(finding.kind)}, {"detail", std::move(finding.detail)}});
  return findings;
}

json resource_usage() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto ms = [](const timeval& t) { return t.tv_sec * 1000 + t.tv_usec / 1000; };
  return {{"cpu_ms", ms(usage.ru_utime) + ms(usage.ru_stime)},
          {"peak_memory_bytes", static_cast<long long>(usage.ru_maxrss) * 1024}};
}

// The pending Python exception, with its traceback attached, cleared.
PyRef take_exception() {
  PyObject *type, *value, *traceback;
  PyErr_Fetch(&type, &value, &traceback);
  PyErr_NormalizeException(&type, &value, &traceback);
  if (value && traceback) PyException_SetTraceback(value, traceback);
  Py_XDECREF(type);
  Py_XDECREF(traceback);
  return PyRef(value);
}

}  // namespace

json CellRunner::error_payload(PyObject* exception) const {
  const auto [name, value] = describe_exception(exception);
  return {{"ename", name},
          {"evalue", value},
          {"traceback", traceback_lines(p_.format_exception, exception)}};
}

json CellRunner::execute(const json& request) {
  PyErr_CheckSignals();  // an interrupt that arrived between cells belongs to no cell
  PyErr_Clear();
  const std::string code = string_field(request, "code");
  const bool silent = bool_field(request, "silent", false);
  const bool store_history = bool_field(request, "store_history", true) && !silent;
  const bool allow_stdin = bool_field(request, "allow_stdin", false);
  const bool locked = bool_field(request, "locked", false);
  // The count the frontend shows (it goes on across restarts), else this session's own.
  const int count = int_field(request, "execution_count", execution_count_ + 1);

  PyRef stdin_set(PyObject_CallOneArg(p_.set_stdin_allowed, allow_stdin ? Py_True : Py_False));
  PyErr_Clear();
  bridge_.begin_cell(locked, allow_stdin);
  set_parent_msg_id(request);

  PyRef exception;
  json reply = json::object();
  if (locked) {
    const std::string filename = "<locked cell " + string_field(request, "cell_id") + ">";
    check_interpreter_state(p_.user_ns);
    set_locked_cell_running(true);
    LockedCellResult result = run_locked_cell(p_, code, filename);
    set_locked_cell_running(false);
    exception = std::move(result.exception);
    if (result.value) {
      const std::string text = to_utf8(PyRef(PyObject_Repr(result.value.get())).get());
      PyErr_Clear();
      reply["value_text"] = text;
      bridge_.note_result_text(text);
      if (!silent)
        bridge_.send(FrameType::execute_result, {{"execution_count", count},
                                                 {"data", {{"text/plain", text}}},
                                                 {"metadata", json::object()}});
    }
  } else {
    PyRef text = py_string(code);
    PyRef outcome(PyObject_CallFunction(p_.run_cell, "Oiii", text.get(), store_history ? 1 : 0,
                                        silent ? 1 : 0, count));
    if (!outcome) {
      exception = take_exception();
    } else if (PyExceptionInstance_Check(outcome.get())) {
      exception = std::move(outcome);
    }
    reply["payload"] = reply_payloads(p_.take_payloads);
  }
  bridge_.end_cell();

  if (store_history) {
    execution_count_ = count;
    history_.push_back({count, code, bridge_.last_result_text()});
  }
  return finish_reply(std::move(reply), exception.get(), silent);
}

json CellRunner::finish_reply(json reply, PyObject* exception, bool silent) {
  reply["execution_count"] = execution_count_;
  reply["usage"] = resource_usage();
  if (json integrity = integrity_payload(); !integrity.empty()) reply["integrity"] = integrity;
  if (!exception) {
    reply["status"] = "ok";
    return reply;
  }
  json error = error_payload(exception);
  if (!bridge_.error_reported() && !silent) bridge_.send(FrameType::error, error);
  reply["status"] = "error";
  reply["error"] = std::move(error);
  return reply;
}

void CellRunner::set_parent_msg_id(const json& request) {
  PyRef msg_id = py_string(string_field(request, "msg_id"));
  PyRef set(PyObject_CallOneArg(p_.set_parent_msg_id, msg_id.get()));
  PyErr_Clear();
}

json CellRunner::deliver_comm(const json& request) {
  PyErr_CheckSignals();  // an interrupt that arrived between requests belongs to none
  PyErr_Clear();
  PyRef stdin_set(PyObject_CallOneArg(p_.set_stdin_allowed, Py_False));
  PyErr_Clear();
  bridge_.begin_cell(false, false);
  set_parent_msg_id(request);
  // The frontend's message goes to Python as JSON text: comms.py parses it in the session.
  PyRef text = py_string(request.dump(-1, ' ', false, json::error_handler_t::replace));
  PyRef delivered(PyObject_CallOneArg(p_.deliver_comm, text.get()));
  PyRef exception = delivered ? PyRef() : take_exception();
  bridge_.end_cell();
  return finish_reply(json::object(), exception.get(), false);
}

json CellRunner::complete(const json& request) {
  const int cursor = int_field(request, "cursor_pos", 0);
  PyRef code = py_string(string_field(request, "code"));
  PyRef result(PyObject_CallFunction(p_.complete, "Oi", code.get(), cursor));
  const json parts = result ? to_json(result.get()) : json();
  PyErr_Clear();
  if (!parts.is_array() || parts.size() < 3 || !parts[0].is_array())
    return {{"matches", json::array()}, {"cursor_start", cursor}, {"cursor_end", cursor}};
  return {{"matches", parts[0]},
          {"cursor_start", parts[1]},
          {"cursor_end", parts[2]},
          {"metadata", parts.size() > 3 && parts[3].is_object() ? parts[3] : json::object()}};
}

json CellRunner::inspect(const json& request) {
  PyRef code = py_string(string_field(request, "code"));
  PyRef result(PyObject_CallFunction(p_.inspect, "Oii", code.get(),
                                     int_field(request, "cursor_pos", 0),
                                     int_field(request, "detail_level", 0)));
  const json parts = result ? to_json(result.get()) : json();
  PyErr_Clear();
  if (!parts.is_array() || parts.size() != 2 || !parts[0].is_boolean() || !parts[1].is_object())
    return {{"found", false}, {"data", json::object()}};
  return {{"found", parts[0]}, {"data", parts[1]}};
}

json CellRunner::is_complete(const json& request) {
  PyRef code = py_string(string_field(request, "code"));
  PyRef result(PyObject_CallOneArg(p_.is_complete, code.get()));
  const json parts = result ? to_json(result.get()) : json();
  PyErr_Clear();
  if (!parts.is_array() || parts.size() != 2 || !parts[0].is_string())
    return {{"status", "unknown"}, {"indent", ""}};
  return {{"status", parts[0]}, {"indent", parts[1].is_string() ? parts[1] : json("")}};
}

json CellRunner::history(const json& request) const {
  const std::string access = string_field(request, "hist_access_type");
  const bool output = bool_field(request, "output", false);
  std::vector<const HistoryLine*> selected;
  if (access == "range") {
    const int start = int_field(request, "start", 0), stop = int_field(request, "stop", 0);
    for (const auto& line : history_)
      if (line.line >= start && (stop <= 0 || line.line < stop)) selected.push_back(&line);
  } else if (access == "search") {
    const std::string pattern = string_field(request, "pattern");
    const bool unique = bool_field(request, "unique", false);
    for (const auto& line : history_) {
      if (::fnmatch(pattern.c_str(), line.input.c_str(), 0) != 0) continue;
      if (unique) std::erase_if(selected, [&](auto* s) { return s->input == line.input; });
      selected.push_back(&line);
    }
  } else {
    for (const auto& line : history_) selected.push_back(&line);
  }
  const int n = int_field(request, "n", 0);
  if (access != "range" && n > 0 && selected.size() > static_cast<std::size_t>(n))
    selected.erase(selected.begin(), selected.end() - n);
  json entries = json::array();
  for (const auto* line : selected) {
    json entry = {{"session", 1}, {"line", line->line}, {"input", line->input}};
    if (output && line->output) entry["output"] = *line->output;
    entries.push_back(std::move(entry));
  }
  return {{"history", entries}};
}

}  // namespace gradebox::worker
