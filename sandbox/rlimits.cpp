// setrlimit for every limit of a Policy; the order does not matter, all run before exec.
#include "sandbox/rlimits.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace gradebox::sandbox::rlimits {

namespace {

void set_limit(int resource, const char* name, rlim_t soft, rlim_t hard) {
  const rlimit limit{soft, hard};
  if (setrlimit(resource, &limit) != 0)
    throw std::system_error(errno, std::generic_category(), std::string("setrlimit(") + name + ")");
}

}  // namespace

std::vector<std::string> apply_in_child(const Policy& policy, const ChildOptions& options) {
  const rlim_t cpu_seconds = (policy.cpu_time.count() + 999) / 1000;
  set_limit(RLIMIT_CPU, "RLIMIT_CPU", cpu_seconds, cpu_seconds + 1);
  set_limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", policy.file_size_bytes, policy.file_size_bytes);
  set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", policy.open_files, policy.open_files);
  set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
  set_limit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", 0, 0);
  set_limit(RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE", 0, 0);
  const rlim_t stack = std::min<rlim_t>(64ull << 20, policy.memory_bytes);
  set_limit(RLIMIT_STACK, "RLIMIT_STACK", stack, stack);
  if (options.limit_address_space) {
    set_limit(RLIMIT_AS, "RLIMIT_AS", policy.memory_bytes, policy.memory_bytes);
    set_limit(RLIMIT_DATA, "RLIMIT_DATA", policy.memory_bytes, policy.memory_bytes);
  }
  if (options.limit_processes)
    set_limit(RLIMIT_NPROC, "RLIMIT_NPROC", policy.max_pids, policy.max_pids);
  return {"rlimits"};
}

}  // namespace gradebox::sandbox::rlimits
