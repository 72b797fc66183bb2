// At the rlimit isolation level there is no cgroup to count oom kills: the memory limit is
// RLIMIT_AS, and reaching it shows as a MemoryError inside the cell. This decides when such a
// MemoryError is the memory limit (docs/reference/verdicts.md: "a MemoryError with a trusted peak
// near the limit"), with the evidence.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "kernel/runtime/event.hpp"
#include "kernel/runtime/runtime_policy.hpp"

namespace gradebox::runtime {

// The evidence ("MemoryError at RLIMIT_AS 512 MiB (address space peak 498 MiB)") when the cell's
// error is a MemoryError, the session runs at the rlimit level with a memory limit, and the
// session child's address space high-water mark (VmPeak, kept by the kernel and read by the
// trusted side from /proc) reached 7/8 of the limit; nullopt otherwise.
// The MemoryError itself is the child's word (`raise MemoryError` needs no memory) and only
// names the candidate; VmPeak is the evidence. A child can drive VmPeak up on purpose (reserving
// untouched address space), but then it did reach its address-space limit, which is what the
// verdict says. A MemoryError far below the limit (one huge request refused) stays `error`.
std::optional<std::string> rlimit_memory_evidence(const ErrorEvent& error,
                                                  const std::string& isolation_level,
                                                  const RuntimePolicy& policy, pid_t child);

}  // namespace gradebox::runtime
