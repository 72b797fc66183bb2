// Events a session reports while it executes a cell, and the verdict that ends every execute.
// These are what the kernel turns into iopub messages and what the grader scores from.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sandbox/verdict_kind.hpp"

namespace gradebox::runtime {

// Outcome of one cell: the one verdict set (sandbox/verdict_kind.hpp, docs/reference/verdicts.md).
// Only the trusted side decides it; nothing the worker's Python code can print or patch changes it.
using sandbox::to_string;
using sandbox::VerdictKind;

// A chunk of stdout or stderr, reported as soon as the cell's Python code writes it.
struct StreamEvent {
  enum class Name { stdout_stream, stderr_stream };
  Name name = Name::stdout_stream;
  std::string text;
};

// A MIME bundle as in the Jupyter protocol: data maps MIME type -> content (strings; binary types
// such as image/png are base64 as Jupyter sends them), metadata likewise, transient holds
// {"display_id": ...} when the display can be updated later.
struct DisplayDataEvent {
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json transient = nlohmann::json::object();
};

// Replaces an earlier display with the same transient.display_id.
struct UpdateDisplayDataEvent {
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json transient = nlohmann::json::object();
};

// IPython's clear_output(wait=...).
struct ClearOutputEvent {
  bool wait = false;
};

// The value of the cell's last expression (Out[n]); absent for silent executes.
struct ExecuteResultEvent {
  int execution_count = 0;
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
};

// The exception that ended the cell. traceback holds IPython-formatted lines (with ANSI colours
// when IPython is used), capped at RuntimePolicy::limits.traceback_lines.
struct ErrorEvent {
  std::string ename;
  std::string evalue;
  std::vector<std::string> traceback;
};

// The cell called input()/getpass(); only sent when ExecuteRequest::allow_stdin is true. The
// answer comes from the InputCallback given to Session::execute.
struct InputRequestEvent {
  std::string prompt;
  bool password = false;
};

// A Jupyter comm message (comm_open, comm_msg or comm_close) between a comm of the session and
// the frontend; the same shape travels both ways (CommEvent out, CommDelivery in, request.hpp).
struct CommMessage {
  enum class Kind { open, message, close };
  Kind kind = Kind::message;
  std::string comm_id;
  std::string target_name;  // open only
  nlohmann::json data = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();  // the Jupyter message's metadata
  std::vector<std::string> buffers;                    // binary buffers, base64
};

// One of the session's comms to the frontend (ipywidgets' widget state and updates), published
// on iopub. Written by student code, so only checked for shape: comm_id a non-empty string, data
// and metadata objects.
using CommEvent = CommMessage;

// The session registered a comm target: the frontend may now open comms to it.
struct CommTargetEvent {
  std::string target_name;
};

// Everything Session::execute reports through its EventCallback, in the order it happened.
using Event =
    std::variant<StreamEvent, DisplayDataEvent, UpdateDisplayDataEvent, ClearOutputEvent,
                 ExecuteResultEvent, ErrorEvent, InputRequestEvent, CommEvent, CommTargetEvent>;

// Text for the frontend's pager (IPython's `obj?`, `%page`, `%pinfo`): Jupyter sends it in the
// execute_reply's payload as {"source": "page", "data": ..., "start": ...}, not as output.
struct PagePayload {
  nlohmann::json data = nlohmann::json::object();  // MIME type -> text, e.g. text/plain
  int start = 0;                                   // first line to show
};

// %load: the frontend puts `text` in the next cell (or this one, when `replace`).
struct NextInputPayload {
  std::string text;
  bool replace = false;
};

// exit() / quit(): the kernel is to end after this reply (ipykernel's "ask_exit"), unless
// `keep_kernel` (exit(keep_kernel=True) only tells the frontend).
struct ExitRequest {
  bool keep_kernel = false;
};

// Something the session's own process reported that may have subverted its results: student
// code used ctypes' foreign calls or raw memory, or the interpreter's state changed before a
// locked cell (kinds: kernel/worker/integrity_watch.hpp). Reported by the session child, so a
// student with native code can also suppress it: a finding is evidence, its absence is not.
struct IntegrityFinding {
  std::string kind;  // native_code | raw_memory | interpreter_tampered
  std::string detail;
};

// The end of one execute. Always returned, also when the session died during the cell.
struct CellVerdict {
  VerdictKind verdict = VerdictKind::internal_error;
  // Human-readable cause for anything but ok, e.g. "memory limit of 512 MiB exceeded",
  // "worker killed by signal 11 (Segmentation fault)", "cell exceeded 30 s wall time".
  std::string reason;
  int execution_count = 0;
  // Set when verdict == error: the exception as the worker's C++ side saw it.
  std::optional<ErrorEvent> error;
  // Locked cells only: text/plain of the last expression's value, evaluated by the worker's C++
  // side (nbgrader partial credit). Student code cannot substitute it.
  std::optional<std::string> value_text;
  std::vector<PagePayload> pages;  // pager payloads of the cell, in the order IPython wrote them
  std::optional<NextInputPayload> next_input;  // the last one the cell set
  std::optional<ExitRequest> exit_request;
  std::vector<IntegrityFinding> integrity;  // seen during this cell (each once per session)
  bool output_truncated = false;            // soft caps (lines, traceback lines) cut the output
  bool session_alive = true;                // false: the session child is gone, open a new session
  std::int64_t wall_ms = 0;                 // this cell
  std::int64_t cpu_ms = 0;                  // the session child so far (user + system)
  std::int64_t peak_memory_bytes = 0;       // the session so far; 0 when the host cannot measure it
  std::string isolation_level;              // "cgroup2", "cgroup1", "rlimit" or "none"
};

}  // namespace gradebox::runtime
