// /dev/kmsg reader for seccomp audit records.
#include "sandbox/seccomp_audit.hpp"

#include <fcntl.h>
#include <seccomp.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace gradebox::sandbox {

namespace {

// The value of `key=` in an audit record, up to the next space.
std::optional<std::string> field(const std::string& record, const std::string& key) {
  const auto at = record.find(" " + key + "=");
  if (at == std::string::npos) return std::nullopt;
  const auto start = at + key.size() + 2;
  return record.substr(start, record.find(' ', start) - start);
}

std::optional<std::string> name_of(const std::string& arch_hex, const std::string& number) {
  const auto arch = static_cast<uint32_t>(std::strtoul(arch_hex.c_str(), nullptr, 16));
  char* name = seccomp_syscall_resolve_num_arch(arch, std::atoi(number.c_str()));
  if (!name) return "syscall " + number;
  std::string result(name);
  std::free(name);
  if (arch != seccomp_arch_native()) {
    result += arch == SCMP_ARCH_X86   ? " (i386)"
              : arch == SCMP_ARCH_X32 ? " (x32)"
                                      : " (foreign arch)";
  }
  return result;
}

}  // namespace

SeccompAuditLog::SeccompAuditLog() {
  fd_ = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ >= 0) ::lseek(fd_, 0, SEEK_END);
}

SeccompAuditLog::~SeccompAuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> SeccompAuditLog::killed_syscall(const std::string& executable) {
  if (fd_ < 0) return std::nullopt;
  std::optional<std::string> found;
  char buffer[8192];
  while (true) {
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);  // one record per read
    if (n < 0 && errno == EPIPE) continue;                 // overwritten records: skip ahead
    if (n <= 0) break;
    const std::string record(buffer, static_cast<std::size_t>(n));
    if (record.find("type=1326") == std::string::npos) continue;
    if (field(record, "exe") != "\"" + executable + "\"" || field(record, "sig") != "31") continue;
    const auto arch = field(record, "arch");
    const auto number = field(record, "syscall");
    if (arch && number) found = name_of(*arch, *number);
  }
  return found;
}

}  // namespace gradebox::sandbox
