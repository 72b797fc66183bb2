// Shared helpers for the runtime tests: one runtime per test process, and a cell runner that
// records every event.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kernel/runtime/runtime.hpp"

namespace gradebox::runtime::testing {

RuntimePolicy test_policy(const std::string& python_mode = "auto");
// Started once per process with test_policy("auto").
Runtime& shared_runtime();

struct CellRun {
  CellVerdict verdict;
  std::vector<Event> events;
  std::string stdout_text() const;
  std::string stderr_text() const;
  // Streams in order, as "out:" / "err:" prefixed chunks.
  std::vector<std::string> stream_sequence() const;
  std::vector<ExecuteResultEvent> results() const;
  std::vector<ErrorEvent> errors() const;
  std::vector<DisplayDataEvent> displays() const;
};

CellRun run_cell(Session& session, const std::string& code, bool locked = false,
                 std::optional<std::chrono::milliseconds> timeout = std::nullopt);

// The pids of a process's children, space-separated, as /proc lists them ("" when none).
std::string children_of(int pid);

// A /proc/<pid>/smaps_rollup field in kB ("Private_Dirty", "AnonHugePages"); -1 when absent.
long smaps_kb(int pid, const std::string& field);

}  // namespace gradebox::runtime::testing
