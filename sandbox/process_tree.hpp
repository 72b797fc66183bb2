// Killing a process tree without a cgroup (the `rlimit` level): find every descendant of a root
// through /proc/<pid>/stat parent links, and every process of the session the root leads (the
// sandboxed child calls setsid, so orphans whose parent exited before the kill are found too),
// and SIGKILL them, repeating until none is left. Orphans re-parent to the nearest subreaper, so
// the caller should be PR_SET_CHILD_SUBREAPER.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace gradebox::sandbox::process_tree {

std::vector<pid_t> descendants(pid_t root);
// Resident memory of root and its descendants (/proc/<pid>/statm), the `rlimit` level's view of
// a tree's memory, where RLIMIT_AS only bounds each process alone.
std::uint64_t resident_bytes(pid_t root);
// Kills the descendants of `root` (and `root` itself when include_root): stops the whole tree
// first (so nothing forks or re-parents away meanwhile), then SIGKILLs it; bounded to ~1 s of
// fork races.
void kill_all(pid_t root, bool include_root);

}  // namespace gradebox::sandbox::process_tree
