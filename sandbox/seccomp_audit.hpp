// Naming the system call that made seccomp kill a program. The wait status only says SIGSYS; the
// kernel's audit record (type=1326, printed to /dev/kmsg when no audit daemon runs) says which
// call. Best effort: needs read access to /dev/kmsg (root); records are matched by the killed
// program's executable path and by time (printk stamps records with the monotonic clock), so
// concurrent runs of other programs are not confused with ours. /dev/kmsg is opened only after a
// SIGSYS: opening it walks the kernel's log ring, a cost every run would otherwise pay.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gradebox::sandbox {

class SeccompAuditLog {
 public:
  // Remembers the time: only records from then on are considered.
  SeccompAuditLog();

  // The syscall name of the newest seccomp kill record for `executable` since construction,
  // e.g. "kexec_load" or "getuid32 (x86)" for a foreign architecture.
  std::optional<std::string> killed_syscall(const std::string& executable) const;

 private:
  std::uint64_t since_us_ = 0;  // CLOCK_MONOTONIC, the clock of the records' time stamps
};

}  // namespace gradebox::sandbox
