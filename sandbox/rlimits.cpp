// setrlimit for every limit of a Policy; the order does not matter, all run before exec.
#include "sandbox/rlimits.hpp"

#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace gradebox::sandbox::rlimits {

namespace {

#if defined(__SANITIZE_ADDRESS__)
// ASan reserves terabytes of shadow memory: under an address-space limit its allocator fails.
// Sanitizer builds rely on the launcher's RSS polling at the rlimit level instead.
constexpr bool kAddressSpaceLimitUsable = false;
#else
constexpr bool kAddressSpaceLimitUsable = true;
#endif

void set_limit(int resource, const char* name, rlim_t soft, rlim_t hard) {
  const rlimit limit{soft, hard};
  if (setrlimit(resource, &limit) != 0)
    throw std::system_error(errno, std::generic_category(), std::string("setrlimit(") + name + ")");
}

// Threads created from now on reserve `thread_stack_bytes` of stack instead of glibc's default
// (RLIMIT_STACK at program start, 8 MiB or more), which all counts against RLIMIT_AS/DATA although
// it is mostly never touched. A program that execs reads the new RLIMIT_STACK instead.
void shrink_default_thread_stack() {
  pthread_attr_t attr;
  if (pthread_getattr_default_np(&attr) != 0) return;
  pthread_attr_setstacksize(&attr, thread_stack_bytes);
  const int error = pthread_setattr_default_np(&attr);
  pthread_attr_destroy(&attr);
  if (error != 0)
    throw std::system_error(error, std::generic_category(), "pthread_setattr_default_np");
}

}  // namespace

std::vector<std::string> apply_in_child(const Policy& policy, const ChildOptions& options) {
  if (const auto cpu_time = policy.limits.cpu_time) {
    const rlim_t cpu_seconds = (cpu_time->count() + 999) / 1000;
    set_limit(RLIMIT_CPU, "RLIMIT_CPU", cpu_seconds, cpu_seconds + 1);
  }
  set_limit(RLIMIT_FSIZE, "RLIMIT_FSIZE", policy.limits.file_size_bytes,
            policy.limits.file_size_bytes);
  set_limit(RLIMIT_NOFILE, "RLIMIT_NOFILE", policy.limits.open_files, policy.limits.open_files);
  set_limit(RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
  set_limit(RLIMIT_MEMLOCK, "RLIMIT_MEMLOCK", 0, 0);
  set_limit(RLIMIT_MSGQUEUE, "RLIMIT_MSGQUEUE", 0, 0);
  const rlim_t stack = std::min<rlim_t>(64ull << 20, policy.limits.memory_bytes);
  set_limit(RLIMIT_STACK, "RLIMIT_STACK", stack, stack);
  if (options.limit_address_space && kAddressSpaceLimitUsable) {
    set_limit(RLIMIT_AS, "RLIMIT_AS", policy.limits.memory_bytes, policy.limits.memory_bytes);
    set_limit(RLIMIT_DATA, "RLIMIT_DATA", policy.limits.memory_bytes, policy.limits.memory_bytes);
    shrink_default_thread_stack();
    mallopt(M_ARENA_MAX, 1);
  }
  const rlim_t tasks = options.own_user_namespace
                           ? policy.limits.pids
                           : tasks_of_uid(options.process_uid) + policy.limits.pids;
  set_limit(RLIMIT_NPROC, "RLIMIT_NPROC", tasks, tasks);
  return {"rlimits"};
}

rlim_t tasks_of_uid(uid_t uid) {
  rlim_t tasks = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream status(entry.path() / "status");
    bool ours = false;
    for (std::string line; std::getline(status, line);) {
      // "Uid:\treal\teffective\tsaved\tfs": RLIMIT_NPROC charges the real uid.
      if (line.starts_with("Uid:")) ours = std::stoul(line.substr(4)) == uid;
      if (line.starts_with("Threads:") && ours) tasks += std::stoul(line.substr(8));
    }
  }
  return tasks;
}

}  // namespace gradebox::sandbox::rlimits
