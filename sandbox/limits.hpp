// The resource limits of one sandboxed session or run: one name per limit, carried as one value
// from where they are configured (gradebox.toml [limits] and autograde.cell_timeout_seconds,
// gradebox-kernel's flags, gradebox-run's options) through the runtime's policy and the sandbox
// policy to the cgroups the trusted side prepares and the rlimits the child sets on itself.
//
// The defaults are what an interactive session gets (gradebox-kernel); a grading session adds
// nbgrader's cell timeout and output caps (runtime::grading_session_limits), gradebox-run its own
// (sandbox::one_off_run_limits).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace gradebox::sandbox {

struct Limits {
  // Memory of the session's whole process tree (cgroup memory.max; RLIMIT_AS at the rlimit
  // level).
  std::uint64_t memory_bytes = std::uint64_t{1} << 30;
  // Processes and threads of the tree (pids.max; RLIMIT_NPROC).
  std::uint32_t pids = 256;
  // CPU time of the whole session or run; none: unlimited.
  std::optional<std::chrono::milliseconds> cpu_time;
  // Wall time of one cell of a session (SIGINT, then the kill after the runtime's grace period),
  // or of the whole command of gradebox-run; none: unlimited.
  std::optional<std::chrono::milliseconds> wall_time;
  // Output of one cell (all its frames), or of each stream of gradebox-run; more stops the cell
  // or run with an output_limit verdict.
  std::uint64_t output_bytes = std::uint64_t{16} << 20;
  // Soft caps of one cell's output, kept by the runtime (nbgrader's LimitOutput): stream lines
  // beyond output_lines are dropped with one notice, a traceback longer than traceback_lines keeps
  // its last lines (the ones naming the error) after one notice. 0: unlimited.
  std::uint32_t output_lines = 0;
  std::uint32_t traceback_lines = 0;
  std::uint64_t file_size_bytes = std::uint64_t{64} << 20;  // RLIMIT_FSIZE
  std::uint32_t open_files = 256;                           // RLIMIT_NOFILE
};

// gradebox-run's defaults (docs/reference/gradebox-run.md): a one-off command gets 10 s of wall
// and CPU time, 512 MiB, 64 processes and 1 MiB of each output stream.
inline Limits one_off_run_limits() {
  Limits limits;
  limits.memory_bytes = std::uint64_t{512} << 20;
  limits.pids = 64;
  limits.cpu_time = std::chrono::seconds(10);
  limits.wall_time = std::chrono::seconds(10);
  limits.output_bytes = std::uint64_t{1} << 20;
  return limits;
}

}  // namespace gradebox::sandbox
