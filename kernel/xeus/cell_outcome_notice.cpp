// The verdict's notice, with the kernel's restart (see cell_outcome_notice.hpp).
#include "kernel/xeus/cell_outcome_notice.hpp"

namespace gradebox::kernel {

std::optional<CellOutcomeNotice> cell_outcome_notice(const runtime::CellVerdict& verdict,
                                                     const sandbox::Limits& limits) {
  runtime::RuntimePolicy named;  // only the limits a notice names
  named.limits = limits;
  auto notice = runtime::verdict_notice(verdict, named);
  // The slot opens a fresh session at once (SessionSlot::replace_dead_session).
  if (notice && !verdict.session_alive)
    notice->evalue += " The kernel restarted: variables from earlier cells are gone.";
  return notice;
}

}  // namespace gradebox::kernel
