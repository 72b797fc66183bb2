// What the user reads when a cell ended for a reason other than its own code: a limit, a dead
// worker, a refused operation. The verdict's wording is runtime::verdict_notice (shared with
// autograde's feedback); the kernel adds what it did about it (a fresh session).
#pragma once

#include <optional>

#include "kernel/runtime/verdict_notice.hpp"
#include "kernel/xeus/kernel_limits.hpp"

namespace gradebox::kernel {

using CellOutcomeNotice = runtime::VerdictNotice;

// nullopt for ok and error verdicts of a live session: the cell's own output already says it all.
std::optional<CellOutcomeNotice> cell_outcome_notice(const runtime::CellVerdict& verdict,
                                                     const sandbox::Limits& limits);

}  // namespace gradebox::kernel
