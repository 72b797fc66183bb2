// The zygote's shared namespaces (see zygote_namespaces.hpp).
#include "kernel/worker/zygote_namespaces.hpp"

#include <sched.h>
#include <unistd.h>

namespace gradebox::worker {

std::vector<std::string> enter_zygote_namespaces(const std::vector<std::string>& names) {
  std::vector<std::string> entered;
  for (const auto& name : names) {
    if (name == "net" && ::unshare(CLONE_NEWNET) == 0) entered.push_back(name);
    if (name == "uts" && ::unshare(CLONE_NEWUTS) == 0 && ::sethostname("gradebox", 8) == 0)
      entered.push_back(name);
  }
  return entered;
}

}  // namespace gradebox::worker
