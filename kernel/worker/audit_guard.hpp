// A C-level audit hook (PySys_AddAuditHook, which Python code cannot remove) installed before the
// interpreter starts, so it also covers the zygote's preloads:
//  - ctypes events (dlopen, foreign calls, memory by address) go to the integrity watch, which
//    records those of student code as findings (integrity_watch.hpp); ctypes itself works, as
//    pandas, scipy and numba need it;
//  - opening /proc/<pid>/mem (also via /proc/self, symlinks or /proc/self/fd) fails with
//    PermissionError. The sandbox blocks this too; this is the second line.
#pragma once

namespace gradebox::worker {

// Must run before Py_Initialize*.
void install_audit_guard();

}  // namespace gradebox::worker
