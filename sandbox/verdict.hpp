// The outcome of one sandboxed run and how it is decided from the facts the parent collected.
// decide_verdict() is a pure function so every rule is unit-testable without running anything.
//
// JSON schema "gradebox.verdict", version 1 (to_json):
//   {"schema":"gradebox.verdict","version":1,
//    "verdict":"ok|error|timeout|cpu_limit|memory_limit|output_limit|signaled|policy_violation|
//               tampered|internal_error",
//    "detail": human-readable reason,
//    "exit_code": int|null, "signal": int|null, "signal_name": "SIGKILL"|null,
//    "cpu_ms": int, "wall_ms": int,
//    "peak_memory_bytes": int|null,
//    "peak_memory_source":
//    "memory.peak"|"memory.max_usage_in_bytes"|"ru_maxrss"|"rss_polling"|null, "evidence":
//    [strings: why memory_limit / policy_violation / timeout was decided], "level":
//    "cgroup2|cgroup1|rlimit", "layers": [active layers, e.g. "seccomp", "landlock:7"], "limits":
//    {"wall_ms","cpu_ms","memory_bytes","pids","output_bytes","file_size_bytes",
//               "open_files","network"},
//    "stdout": {"bytes": total, "captured": n, "truncated": bool, "text": captured (lossy UTF-8)},
//    "stderr": same as stdout}
// Fields are only ever added in a version; a removal or change of meaning bumps the version.
#pragma once

#include <sys/resource.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/policy.hpp"
#include "sandbox/verdict_kind.hpp"

namespace gradebox::sandbox {

struct OutputCapture {
  std::uint64_t total_bytes = 0;  // everything the child wrote
  std::string captured;           // the first policy.output_bytes of it
  bool truncated() const { return total_bytes > captured.size(); }
};

// What the parent observed about a run; the input of decide_verdict. Only facts the program
// cannot write: the kernel's (wait status, rusage, /proc), the cgroup's counters and the
// launcher's own actions. Nothing from the program's output: it could print anything.
struct RunFacts {
  std::optional<int> wait_status;  // of the program; nullopt when it never started
  std::int64_t wall_ms = 0;
  bool wall_limit_hit = false;         // the parent killed the tree at the wall limit
  std::optional<std::int64_t> cpu_ms;  // cgroup or rusage accounting of the whole tree
  std::optional<std::uint64_t> peak_memory_bytes;
  std::string peak_memory_source;
  std::uint64_t oom_kills = 0;        // memory.events oom_kill / v1 oom_control oom_kill
  bool memory_limit_reached = false;  // failcnt > 0 or peak within 5% of the limit
  std::vector<std::string> evidence;  // collected by the cgroup layer
  bool output_limit_hit = false;
  // The memory limit was RLIMIT_AS (rlimit level): no counter records that it was hit, so the
  // kernel's peak (peak_memory_bytes) near the limit is the evidence.
  bool address_space_limit = false;
  std::optional<std::string> setup_error;      // child-side setup failed (internal_error)
  std::optional<std::string> seccomp_syscall;  // name of the killing syscall, when known
};

struct Verdict {
  VerdictKind kind = VerdictKind::internal_error;
  std::string detail;
  std::optional<int> exit_code;
  std::optional<int> signal;
  std::int64_t cpu_ms = 0;
  std::int64_t wall_ms = 0;
  std::optional<std::uint64_t> peak_memory_bytes;
  std::string peak_memory_source;
  std::vector<std::string> evidence;
  IsolationLevel level = IsolationLevel::rlimit;
  std::vector<std::string> layers;
  OutputCapture stdout_capture;
  OutputCapture stderr_capture;
};

// Rules, first match wins:
//   setup error -> internal_error; wall_limit_hit -> timeout;
//   SIGSYS -> policy_violation (seccomp refuses every way a program could send SIGSYS, see
//     seccomp.hpp, so only the filter's kill leaves it);
//   oom_kills > 0, or SIGKILL with memory_limit_reached, or (address_space_limit) a non-zero exit
//     or a signal with the peak at least 3/4 of the limit -> memory_limit;
//   SIGXCPU (only the kernel can send it, and RLIMIT_CPU cannot be changed: seccomp.hpp), or
//     SIGKILL with the accounted CPU at the limit -> cpu_limit;
//   output_limit_hit -> output_limit; other signal -> signaled; exit 0 -> ok; else error.
// The program can reach a limit on purpose, but it cannot make a verdict say it did without
// doing so: a MemoryError it prints or raises is an `error`.
Verdict decide_verdict(const RunFacts& facts, const Policy& policy);

std::string signal_name(int signal);
// One line for humans: "gradebox-run: ok (exit 0) cpu 3ms wall 5ms peak 1.2MiB [cgroup1]".
std::string summary_line(const Verdict& verdict);
nlohmann::ordered_json to_json(const Verdict& verdict, const Policy& policy);

}  // namespace gradebox::sandbox
