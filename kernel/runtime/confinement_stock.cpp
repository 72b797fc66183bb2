// ConfinementStock: one prepared sandbox::Confinement for the next session.
#include "kernel/runtime/confinement_stock.hpp"

#include "kernel/runtime/session_confinement.hpp"

namespace gradebox::runtime {

ConfinementStock::ConfinementStock(const RuntimePolicy& policy,
                                   std::shared_ptr<const sandbox::HostProbe> host)
    : policy_(policy), host_(std::move(host)) {}

sandbox::Confinement ConfinementStock::prepare() const {
  return prepare_session_confinement(policy_, *host_);
}

sandbox::Confinement ConfinementStock::take() {
  {
    std::lock_guard lock(mutex_);
    if (stocked_) {
      sandbox::Confinement taken = std::move(*stocked_);
      stocked_.reset();
      return taken;
    }
  }
  return prepare();
}

void ConfinementStock::refill() noexcept {
  try {
    {
      std::lock_guard lock(mutex_);
      if (stocked_) return;
    }
    sandbox::Confinement prepared = prepare();  // outside the lock: mkdir and limit writes
    std::lock_guard lock(mutex_);
    if (!stocked_) stocked_.emplace(std::move(prepared));
    // else another thread stocked one meanwhile: `prepared` is removed here
  } catch (const std::exception&) {
    // take() prepares its own and reports why
  }
}

}  // namespace gradebox::runtime
