// Naming the system call that made seccomp kill a program. The wait status only says SIGSYS; the
// kernel's audit record (type=1326, printed to /dev/kmsg when no audit daemon runs) says which
// call. Best effort: needs read access to /dev/kmsg (root); records are matched by the killed
// program's executable path, so concurrent runs of other programs are not confused with ours.
#pragma once

#include <optional>
#include <string>

namespace gradebox::sandbox {

class SeccompAuditLog {
 public:
  // Opens /dev/kmsg positioned at its end, so only records of the coming run are read.
  SeccompAuditLog();
  SeccompAuditLog(const SeccompAuditLog&) = delete;
  SeccompAuditLog& operator=(const SeccompAuditLog&) = delete;
  ~SeccompAuditLog();

  // The syscall name of the newest seccomp kill record for `executable` since construction,
  // e.g. "kexec_load" or "getuid32 (x86)" for a foreign architecture.
  std::optional<std::string> killed_syscall(const std::string& executable);

 private:
  int fd_ = -1;
};

}  // namespace gradebox::sandbox
