// POSIX resource limits: the child applies them to itself; the `rlimit` level relies on them alone.
#pragma once

#include <string>
#include <vector>

#include "sandbox/policy.hpp"

namespace gradebox::sandbox::rlimits {

struct ChildOptions {
  // RLIMIT_AS/DATA carry the memory limit only when no cgroup does (they count reservations, not
  // use, so under a cgroup they would turn an OOM into spurious MemoryErrors).
  bool limit_address_space = true;
  // RLIMIT_NPROC counts every process of the real uid, so it is only safe when that uid is the
  // sandbox's own (after a privilege drop or in a fresh user namespace).
  bool limit_processes = false;
};

// Applies CPU (soft = limit, hard = limit + 1 s so SIGXCPU comes first), FSIZE, NOFILE, CORE=0,
// STACK cap, and optionally AS/DATA and NPROC. Throws std::system_error naming the limit.
// Returns the layer names applied, e.g. {"rlimits"}.
std::vector<std::string> apply_in_child(const Policy& policy, const ChildOptions& options);

}  // namespace gradebox::sandbox::rlimits
