// rlimit_memory_evidence: MemoryError + RLIMIT_AS + the child's VmPeak (memory_error_evidence.hpp).
#include "kernel/runtime/memory_error_evidence.hpp"

#include "kernel/runtime/death_reason.hpp"
#include "sandbox/proc_status.hpp"

namespace gradebox::runtime {
namespace {

// VmPeak of a live process in bytes; 0 when it cannot be read.
std::uint64_t address_space_peak(pid_t pid) {
  const auto status = sandbox::read_proc_status(std::to_string(pid));
  const auto peak = status ? sandbox::proc_status_field(*status, "VmPeak") : std::nullopt;
  return peak ? std::stoull(*peak) * 1024 : 0;  // "... kB"
}

}  // namespace

std::optional<std::string> rlimit_memory_evidence(const ErrorEvent& error,
                                                  const std::string& isolation_level,
                                                  const RuntimePolicy& policy, pid_t child) {
  if (error.ename != "MemoryError" || isolation_level != "rlimit" ||
      policy.limits.memory_bytes == 0)
    return std::nullopt;
  const std::uint64_t peak = address_space_peak(child);
  if (peak < policy.limits.memory_bytes / 8 * 7) return std::nullopt;
  return "MemoryError at RLIMIT_AS " + format_bytes(policy.limits.memory_bytes) +
         " (address space peak " + format_bytes(peak) + ")";
}

}  // namespace gradebox::runtime
