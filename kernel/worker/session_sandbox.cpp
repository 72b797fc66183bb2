// Child-side confinement of a session. Until the sandbox library lands this only drops the
// ability to gain privileges; the resource limits are applied by the sandbox's child-side entry.
#include "kernel/worker/session_sandbox.hpp"

#include <sys/prctl.h>

#include <cerrno>
#include <cstring>

namespace gradebox::worker {

std::string enter_session_sandbox(const nlohmann::json&, std::vector<protocol::UniqueFd>&) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return std::string("prctl(PR_SET_NO_NEW_PRIVS): ") + std::strerror(errno);
  return "";
}

}  // namespace gradebox::worker
