// The zygote's shared namespaces (see zygote_namespaces.hpp).
#include "kernel/worker/zygote_namespaces.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include "sandbox/unique_fd.hpp"

namespace gradebox::worker {

namespace {

// Tried for real: unsharing sets the namespace of our next children only, and joining our own
// namespace again undoes that (the zygote does the same around every session fork).
bool may_create_pid_namespaces() {
  sandbox::UniqueFd own(::open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
  return own && ::unshare(CLONE_NEWPID) == 0 && ::setns(own.get(), CLONE_NEWPID) == 0;
}

}  // namespace

std::vector<std::string> enter_zygote_namespaces(const std::vector<std::string>& names) {
  std::vector<std::string> entered;
  for (const auto& name : names) {
    if (name == "net" && ::unshare(CLONE_NEWNET) == 0) entered.push_back(name);
    if (name == "uts" && ::unshare(CLONE_NEWUTS) == 0 && ::sethostname("gradebox", 8) == 0)
      entered.push_back(name);
    if (name == "pid" && may_create_pid_namespaces()) entered.push_back(name);
  }
  return entered;
}

}  // namespace gradebox::worker
