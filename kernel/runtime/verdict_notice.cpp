// Error names and student-facing messages of verdicts (see verdict_notice.hpp).
#include "kernel/runtime/verdict_notice.hpp"

#include <fmt/format.h>

#include <cctype>

#include "kernel/runtime/death_reason.hpp"

namespace gradebox::runtime {
namespace {

// "the Python process was killed by ..." -> "The Python process was killed by ....".
std::string as_sentence(std::string text, const char* fallback) {
  if (text.empty()) return fallback;
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text + ".";
}

std::string seconds_text(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return fmt::format("{} s", duration.count() / 1000);
  return fmt::format("{:.1f} s", duration.count() / 1000.0);
}

std::string limit_sentence(const char* what,
                           const std::optional<std::chrono::milliseconds>& limit) {
  return limit ? fmt::format("{} of {}.", what, seconds_text(*limit)) : fmt::format("{}.", what);
}

std::string message(const CellVerdict& verdict, const RuntimePolicy& policy) {
  switch (verdict.verdict) {
    case VerdictKind::ok:
    case VerdictKind::error:
      return as_sentence(verdict.reason, "The Python process ended.");
    case VerdictKind::memory_limit:
      return fmt::format("The cell ran out of memory (limit {}).",
                         format_bytes(policy.limits.memory_bytes));
    case VerdictKind::timeout:
      return limit_sentence("The cell ran longer than its time limit", policy.limits.wall_time);
    case VerdictKind::cpu_limit:
      return limit_sentence("The Python process used up its CPU time limit",
                            policy.limits.cpu_time);
    case VerdictKind::output_limit:
      return fmt::format("The cell wrote more than {} of output and was stopped.",
                         format_bytes(policy.limits.output_bytes));
    case VerdictKind::signaled:
      return as_sentence(verdict.reason, "The Python process was killed.");
    case VerdictKind::policy_violation:
      return "The sandbox stopped an operation it does not allow" +
             (verdict.reason.empty() ? std::string(".") : " (" + verdict.reason + ").");
    case VerdictKind::tampered:
      return "The Python process sent a message that failed gradebox's checks; its results "
             "cannot be trusted.";
    case VerdictKind::internal_error:
      return "gradebox failed to run the cell; if this persists, tell your course staff.";
  }
  return "gradebox failed to run the cell.";
}

}  // namespace

std::string error_name(VerdictKind verdict) {
  switch (verdict) {
    case VerdictKind::ok:
    case VerdictKind::error:
      return "";
    case VerdictKind::timeout:
      return "CellTimeoutError";
    case VerdictKind::cpu_limit:
      return "CpuLimitError";
    case VerdictKind::memory_limit:
      return "MemoryLimitError";
    case VerdictKind::output_limit:
      return "OutputLimitError";
    case VerdictKind::signaled:
      return "DeadKernelError";
    case VerdictKind::policy_violation:
      return "PolicyViolationError";
    case VerdictKind::tampered:
      return "TamperedError";
    case VerdictKind::internal_error:
      return "GradeboxInternalError";
  }
  return "GradeboxInternalError";
}

std::optional<VerdictNotice> verdict_notice(const CellVerdict& verdict,
                                            const RuntimePolicy& policy) {
  const bool own_outcome =
      verdict.verdict == VerdictKind::ok || verdict.verdict == VerdictKind::error;
  if (own_outcome && verdict.session_alive) return std::nullopt;
  const std::string ename = own_outcome ? "DeadKernelError" : error_name(verdict.verdict);
  return VerdictNotice{ename, message(verdict, policy)};
}

}  // namespace gradebox::runtime
