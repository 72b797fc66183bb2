// /dev/kmsg reader for seccomp audit records.
#include "sandbox/seccomp_audit.hpp"

#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include "sandbox/unique_fd.hpp"

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

namespace {

// Clock skew allowed between printk's local_clock and CLOCK_MONOTONIC (they agree within a
// millisecond on the hosts measured).
constexpr std::uint64_t kSkewUs = 250'000;
// How long after the kill its record may still be on its way (only runs killed by SIGSYS wait).
constexpr std::chrono::milliseconds kRecordDelay{200};

std::uint64_t monotonic_us() {
  timespec now{};
  ::clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1'000'000 + now.tv_nsec / 1000;
}

// A /dev/kmsg record starts "PRIORITY,SEQUENCE,TIMESTAMP_US,FLAGS;".
std::uint64_t timestamp_us(const std::string& record) {
  const auto first = record.find(',');
  if (first == std::string::npos) return 0;
  const auto second = record.find(',', first + 1);
  if (second == std::string::npos) return 0;
  return std::strtoull(record.c_str() + second + 1, nullptr, 10);
}

}  // namespace

SeccompAuditLog::SeccompAuditLog() : since_us_(monotonic_us()) {}

std::optional<std::string> SeccompAuditLog::killed_syscall(const std::string& executable) const {
  const UniqueFd kmsg(::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC));  // oldest record
  if (!kmsg) return std::nullopt;
  const int fd = kmsg.get();
  const std::uint64_t since = since_us_ > kSkewUs ? since_us_ - kSkewUs : 0;
  std::optional<std::string> found;
  char buffer[8192];
  // Without an audit daemon the kernel's kauditd thread prints the record a moment after the
  // kill, possibly after our wait for the program returned: wait for it, briefly.
  const auto deadline = std::chrono::steady_clock::now() + kRecordDelay;
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);  // one record per read
    if (n < 0 && errno == EPIPE) continue;                // overwritten records: skip ahead
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (n < 0 && errno == EAGAIN && !found && left.count() > 0) {
      pollfd more{fd, POLLIN, 0};
      ::poll(&more, 1, static_cast<int>(left.count()));
      continue;
    }
    if (n <= 0) break;
    const std::string record(buffer, static_cast<std::size_t>(n));
    if (record.find("type=1326") == std::string::npos || timestamp_us(record) < since) continue;
    if (field(record, "exe") != "\"" + executable + "\"" || field(record, "sig") != "31") continue;
    const auto arch = field(record, "arch");
    const auto number = field(record, "syscall");
    if (arch && number) found = name_of(*arch, *number);
  }
  return found;
}

}  // namespace gradebox::sandbox
