// POSIX resource limits: the child applies them to itself; the `rlimit` level relies on them alone.
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"

namespace gradebox::sandbox::rlimits {

struct ChildOptions {
  // RLIMIT_AS/DATA carry the memory limit only when no cgroup does (they count reservations, not
  // use, so under a cgroup they would turn an OOM into spurious MemoryErrors).
  bool limit_address_space = true;
  // RLIMIT_NPROC counts the tasks of the real uid (per user namespace). In a fresh user namespace
  // they are the run's alone, and the limit is policy.limits.pids. Otherwise (a non-root grader
  // without user namespaces, whose sessions share its uid) the limit is the uid's tasks at this
  // moment (`process_uid`, the uid the child will run as) plus limits.pids: a fork bomb then stops
  // limits.pids tasks above what was running when its session started.
  bool own_user_namespace = false;
  uid_t process_uid = 0;
};

// Default stack reservation of threads under an address-space limit (see apply_in_child): a
// thread reaches Python's recursion limit, also through C calls, well within it (runtime test
// "at the rlimit level 64 threads start ...").
inline constexpr std::size_t thread_stack_bytes = std::size_t{2} << 20;

// Tasks (threads included, as RLIMIT_NPROC counts them) whose real uid is `uid`, from /proc.
rlim_t tasks_of_uid(uid_t uid);

// Applies CPU (soft = limit, hard = limit + 1 s so SIGXCPU comes first), FSIZE, NOFILE, CORE=0,
// STACK cap, NPROC, and optionally AS/DATA. With AS/DATA, what this process reserves but does not
// use is kept small so the limit counts what the program allocates: threads created afterwards
// reserve thread_stack_bytes of stack (not 8 MiB each) and malloc keeps one arena (not a 64 MiB
// reservation per thread). A program started by exec gets thread stacks of RLIMIT_STACK instead.
// Throws std::system_error naming the limit.
// Returns the layer names applied, e.g. {"rlimits"}.
std::vector<std::string> apply_in_child(const Policy& policy, const ChildOptions& options);

}  // namespace gradebox::sandbox::rlimits
