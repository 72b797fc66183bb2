// Requests a client sends to a session, and the replies of the non-execute ones.
// Field meanings follow the Jupyter messaging protocol 5.3 where a request has a Jupyter twin.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kernel/runtime/event.hpp"

namespace gradebox::runtime {

// A frontend's comm_open, comm_msg or comm_close for one of the session's comms. Untrusted input
// for the session's Python code only: the trusted side forwards it without acting on it.
using CommDelivery = CommMessage;

// execute_request. Interrupt is not a request: call Session::interrupt from any thread.
struct ExecuteRequest {
  std::string code;
  std::string cell_id;  // notebook cell id or grade_id; reported back in errors and logs
  bool silent = false;  // no execute_result, no history, execution count unchanged
  bool store_history = true;
  bool allow_stdin = false;  // false: input() raises StdinNotImplementedError (as nbgrader)
  // Locked cells (tests and read-only cells when grading) run exactly their own source: the
  // worker's C++ side compiles and evaluates them with interpreter primitives captured before any
  // student code ran, with sys.settrace/setprofile cleared, bypassing IPython's transformers.
  bool locked = false;
  // Wall-time limit for this cell; nullopt takes RuntimePolicy::cell_timeout (which may be none).
  std::optional<std::chrono::milliseconds> timeout;
  // The execution count the client shows (Jupyter's In [n]); nullopt: the session's own count.
  // The kernel passes its own so that tracebacks say In [16], not In [1], after a worker restart.
  std::optional<int> execution_count;
  // Instead of `code`: a frontend's comm message, run through the session's comm handlers (student
  // callbacks) under the same limits and with the same events and verdict as a silent cell.
  std::optional<CommDelivery> comm;
  // The Jupyter request this serves (ipywidgets' Output captures output by it); may be empty.
  std::string jupyter_msg_id;
};

// complete_request: cursor_pos counts unicode code points, as in Jupyter.
struct CompleteRequest {
  std::string code;
  int cursor_pos = 0;
};
struct CompleteReply {
  std::vector<std::string> matches;
  int cursor_start = 0;
  int cursor_end = 0;
  nlohmann::json metadata = nlohmann::json::object();
};

// inspect_request (Shift-Tab help); detail_level 0 or 1 (1 = with source, like `obj??`).
struct InspectRequest {
  std::string code;
  int cursor_pos = 0;
  int detail_level = 0;
};
struct InspectReply {
  bool found = false;
  nlohmann::json data = nlohmann::json::object();  // MIME bundle, text/plain at least
  nlohmann::json metadata = nlohmann::json::object();
};

// is_complete_request: status is "complete", "incomplete", "invalid" or "unknown"; indent is set
// for "incomplete".
struct IsCompleteRequest {
  std::string code;
};
struct IsCompleteReply {
  std::string status = "unknown";
  std::string indent;
};

// history_request over this session's own history (there is no history across sessions).
// hist_access_type: "tail" (last n), "range" (session ignored, lines start..stop) or "search"
// (fnmatch pattern, unique).
struct HistoryRequest {
  std::string hist_access_type = "tail";
  bool output = false;
  bool raw = true;
  int start = 0;
  int stop = 0;
  int n = 10;
  std::string pattern;
  bool unique = false;
};
struct HistoryEntry {
  int session = 0;
  int line = 0;
  std::string input;
  std::optional<std::string> output;  // text/plain of Out[line] when output was requested
};
struct HistoryReply {
  std::vector<HistoryEntry> history;
};

// The answer to an InputRequestEvent. nullopt (no answer, e.g. the frontend went away) makes
// input() raise EOFError in the cell.
struct InputReply {
  std::string value;
};

// shutdown_request: ends the session child. restart only informs the caller's own bookkeeping;
// a restart is a close followed by Runtime::open_session.
struct ShutdownRequest {
  bool restart = false;
};

}  // namespace gradebox::runtime
