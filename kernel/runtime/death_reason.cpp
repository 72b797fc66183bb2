// Death verdicts.
#include "kernel/runtime/death_reason.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <cstring>
#include <sstream>

namespace gradebox::runtime {

std::string format_bytes(std::uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  std::ostringstream out;
  out << value << ' ' << units[unit];
  return out.str();
}

CellVerdict death_verdict(const std::optional<ChildExit>& exit, const ConfinementEvidence& evidence,
                          const RuntimePolicy& policy) {
  CellVerdict verdict;
  verdict.session_alive = false;
  verdict.peak_memory_bytes = evidence.peak_memory_bytes;
  if (!exit) {
    verdict.verdict = VerdictKind::internal_error;
    verdict.reason = "the session child is gone and the zygote did not report its exit";
    return verdict;
  }
  verdict.cpu_ms = evidence.cpu_ms >= 0 ? evidence.cpu_ms : exit->cpu_ms;
  if (verdict.peak_memory_bytes == 0) verdict.peak_memory_bytes = exit->max_rss_kb * 1024;
  const std::string memory_limit = format_bytes(policy.limits.memory_bytes);
  const bool killed = WIFSIGNALED(exit->status) && WTERMSIG(exit->status) == SIGKILL;
  if (evidence.oom_killed || (killed && evidence.memory_limit_reached)) {
    verdict.verdict = VerdictKind::memory_limit;
    verdict.reason = "memory limit of " + memory_limit + " exceeded";
    for (const auto& item : evidence.evidence) verdict.reason += "; " + item;
    return verdict;
  }
  if (WIFEXITED(exit->status)) {
    const int code = WEXITSTATUS(exit->status);
    verdict.verdict =
        code == child_setup_failed_exit ? VerdictKind::internal_error : VerdictKind::error;
    verdict.reason = code == child_setup_failed_exit
                         ? "the session child could not set itself up"
                         : "the Python process exited with status " + std::to_string(code) +
                               " (os._exit or a fatal error) before the cell finished";
    return verdict;
  }
  const int signal = WIFSIGNALED(exit->status) ? WTERMSIG(exit->status) : 0;
  const std::string signal_text =
      "signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
  if (signal == SIGSYS) {
    verdict.verdict = VerdictKind::policy_violation;
    verdict.reason = "a forbidden system call was made (killed by " + signal_text + ")";
  } else if (policy.limits.cpu_time &&
             (signal == SIGXCPU || exit->cpu_ms >= policy.limits.cpu_time->count())) {
    // SIGXCPU only from the kernel: seccomp refuses sending it and changing RLIMIT_CPU.
    verdict.verdict = VerdictKind::cpu_limit;
    verdict.reason =
        "CPU time limit of " + std::to_string(policy.limits.cpu_time->count()) + " ms exceeded";
  } else {
    verdict.verdict = VerdictKind::signaled;
    verdict.reason = "the Python process was killed by " + signal_text;
  }
  return verdict;
}

}  // namespace gradebox::runtime
