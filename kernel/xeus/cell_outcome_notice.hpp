// What the user reads when a cell ended for a reason other than its own code: a limit, a dead
// worker, a refused operation. Turns a CellVerdict into the (ename, evalue) of an error output.
#pragma once

#include "kernel/runtime/event.hpp"
#include "kernel/xeus/kernel_limits.hpp"

#include <optional>
#include <string>

namespace gradebox::kernel {

struct CellOutcomeNotice {
  std::string ename;   // e.g. "MemoryLimitExceeded"
  std::string evalue;  // e.g. "The sandbox ran out of memory (limit 512 MiB); the kernel restarted."
};

// nullopt for ok and error verdicts of a live session: the cell's own output already says it all.
std::optional<CellOutcomeNotice> cell_outcome_notice(const runtime::CellVerdict& verdict,
                                                     const KernelLimits& limits);

}  // namespace gradebox::kernel
