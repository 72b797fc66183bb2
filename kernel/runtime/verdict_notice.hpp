// The one place that words a cell's verdict for the student: the Jupyter error (ename, evalue)
// the kernel shows in the cell and autograde writes into the graded notebook and the feedback.
// A notice names the limit the student can act on, never the sandbox's machinery: the verdict's
// evidence (cgroup counters, RLIMIT names) stays in the trusted reason of the grade record.
#pragma once

#include <optional>
#include <string>

#include "kernel/runtime/event.hpp"
#include "kernel/runtime/runtime_policy.hpp"

namespace gradebox::runtime {

struct VerdictNotice {
  std::string ename;   // e.g. "MemoryLimitError"
  std::string evalue;  // e.g. "The cell ran out of memory (limit 512 MiB)."
};

// The Jupyter error name of a verdict: CellTimeoutError (as nbclient names it), CpuLimitError,
// MemoryLimitError, OutputLimitError, DeadKernelError (signaled), PolicyViolationError,
// TamperedError, GradeboxInternalError; ok and error (the cell's own exception) have none: "".
std::string error_name(VerdictKind verdict);

// nullopt when the cell's own output says it all (ok or error, session alive). A session that
// ended during an ok or error cell (os._exit) is a DeadKernelError. Limits are named as `policy`
// sets them; signaled and exit notices quote the runtime's reason (a signal or exit status).
std::optional<VerdictNotice> verdict_notice(const CellVerdict& verdict,
                                            const RuntimePolicy& policy);

}  // namespace gradebox::runtime
