// Wording of limit and worker-death errors (see cell_outcome_notice.hpp).
#include "kernel/xeus/cell_outcome_notice.hpp"

#include <fmt/format.h>

namespace gradebox::kernel {
namespace {

using runtime::Verdict;

std::string consequence(bool session_alive) {
  return session_alive ? std::string()
                       : "; the kernel restarted, variables from earlier cells are gone";
}

std::string with_reason(const std::string& text, const std::string& reason) {
  return reason.empty() ? text : fmt::format("{} ({})", text, reason);
}

}  // namespace

std::optional<CellOutcomeNotice> cell_outcome_notice(const runtime::CellVerdict& verdict,
                                                     const KernelLimits& limits) {
  const bool alive = verdict.session_alive;
  const std::string then = consequence(alive) + ".";
  switch (verdict.verdict) {
    case Verdict::ok:
    case Verdict::error:
      if (alive) return std::nullopt;
      return CellOutcomeNotice{
          "WorkerDied", with_reason("The Python process ended", verdict.reason) + then};
    case Verdict::memory_limit:
      return CellOutcomeNotice{
          "MemoryLimitExceeded",
          fmt::format("The sandbox ran out of memory (limit {}){}",
                      format_byte_size(limits.memory_bytes), then)};
    case Verdict::timeout:
      return CellOutcomeNotice{
          "CellTimeoutError",
          fmt::format("The cell ran longer than the limit of {} s{}", limits.cell_timeout.count(),
                      then)};
    case Verdict::cpu_limit:
      return CellOutcomeNotice{
          "CpuLimitExceeded",
          with_reason("The sandbox used up its CPU time limit", verdict.reason) + then};
    case Verdict::output_limit:
      return CellOutcomeNotice{
          "OutputLimitExceeded",
          fmt::format("The cell wrote more than {} of output and was stopped{}",
                      format_byte_size(limits.max_output_bytes), then)};
    case Verdict::signaled:
      return CellOutcomeNotice{
          "WorkerDied", with_reason("The Python process was killed", verdict.reason) + then};
    case Verdict::policy_violation:
      return CellOutcomeNotice{
          "SandboxPolicyViolation",
          with_reason("The sandbox stopped an operation it does not allow", verdict.reason) +
              then};
    case Verdict::tampered:
      return CellOutcomeNotice{
          "SandboxTampering",
          with_reason("The Python process sent a message that failed authentication",
                      verdict.reason) +
              then};
    case Verdict::internal_error:
      return CellOutcomeNotice{
          "GradeboxInternalError",
          with_reason("gradebox failed to run the cell", verdict.reason) + then};
  }
  return std::nullopt;
}

}  // namespace gradebox::kernel
