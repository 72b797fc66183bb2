// Step: run every code cell of the notebook, in order, in one fresh runtime session, and write
// outputs, execution counts and gradebox's own verdict (metadata.gradebox) into each code cell.
//
// metadata.gradebox of an executed cell (schema used by score_cells and the feedback):
//   verdict   ok|error|timeout|cpu_limit|memory_limit|output_limit|signaled|policy_violation|
//             tampered|internal_error|not_run
//   reason    "" for ok, else why (e.g. "cell exceeded 30 s wall time")
//   wall_ms, cpu_ms, peak_memory_bytes, output_truncated
//   value_text  locked cells only: text/plain of the last expression, evaluated by the worker's
//               trusted side (partial credit); absent when there was none
//   ended_by    not_run cells only: {verdict, cell_index, grade_id} of the cell whose verdict
//               ended the session (the record's not_run_cause)
//   integrity   [{kind, detail}] the session reported during the cell (runtime::IntegrityFinding:
//               native_code, raw_memory, interpreter_tampered); absent when none. score_cells
//               copies them into the record's tampering findings.
//
// Dead-session rule: when the session dies in a cell (memory limit, a timeout it did not survive,
// a signal, a forged frame), that cell carries the verdict and every later code cell of the SAME
// notebook gets verdict "not_run" (0 points if it is a test) without being executed: the state the
// later cells need is gone, and re-running from a fresh session would let an attack repeat. Other
// notebooks of the submission and other submissions get their own fresh sessions.
//
// Every non-ok verdict without an error output gets one, worded by runtime::verdict_notice (the
// kernel's words: e.g. ename "CellTimeoutError", as nbgrader writes on a timeout), so the student
// sees why in the feedback.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "grader/pipeline/step.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::autograde {

using SessionOpener = std::function<std::unique_ptr<runtime::Session>()>;
// Takes the session once the notebook's last cell ran, to close it (Session::close waits for the
// child's exit, several ms) off the grading path. Empty: closed before the step returns.
using SessionCloser = std::function<void(std::unique_ptr<runtime::Session>)>;

// Limits over all the cells of a notebook, so that neither N slow cells nor N floods of output
// add up without bound (gradebox.toml autograde.notebook_timeout_seconds,
// autograde.submission_timeout_seconds, autograde.notebook_output_mib). Default: none.
//  - wall: once the notebook's budget (counted from the step's start) or the submission's
//    deadline has passed, later code cells are not run: verdict "timeout", the reason naming the
//    budget. A cell running when the budget ends gets only the time left (verdict timeout).
//  - output: output beyond `output_bytes` (JSON size, over the notebook) is dropped as it
//    arrives; a cell that lost output ends with one notice saying so.
struct ExecutionBudget {
  std::optional<std::chrono::milliseconds> notebook_wall;
  std::optional<std::chrono::steady_clock::time_point> submission_deadline;
  std::chrono::milliseconds cell_timeout{0};  // the runtime's per-cell limit (0: none)
  std::uint64_t output_bytes = 0;             // 0: unlimited
};

pipeline::Step execute_cells(SessionOpener open_session, SessionCloser close_session = {},
                             ExecutionBudget budget = {});

}  // namespace gradebox::autograde
