// The next session's cgroups, made ahead: a session's cgroup directories and limits do not
// depend on its working directory or environment, so the runtime prepares them for the next
// open while nothing waits (at start, and when a session closes) instead of on the open path
// (four cgroup v1 directories and their limit files: ~0.35 ms of each open here). At most one
// waits at a time; it is removed with the last owner of the stock like any unused Confinement.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "kernel/runtime/runtime_policy.hpp"
#include "sandbox/confinement.hpp"

namespace gradebox::runtime {

class ConfinementStock {
 public:
  ConfinementStock(const RuntimePolicy& policy, std::shared_ptr<const sandbox::HostProbe> host);

  // The stocked confinement, or one prepared now. Throws SessionError when the host cannot give
  // the required isolation level or a cgroup cannot be made.
  sandbox::Confinement take();
  // Prepares one for the next take() when none waits. Never throws: a failure shows up, with
  // its reason, at the take() that then prepares its own.
  void refill() noexcept;

 private:
  sandbox::Confinement prepare() const;

  RuntimePolicy policy_;
  std::shared_ptr<const sandbox::HostProbe> host_;
  std::mutex mutex_;
  std::optional<sandbox::Confinement> stocked_;
};

}  // namespace gradebox::runtime
