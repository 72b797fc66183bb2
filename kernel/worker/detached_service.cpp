// Detaching a zygote service from its starter (detached_service.hpp).
#include "kernel/worker/detached_service.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace gradebox::worker {

sandbox::ScratchDir detach_service() {
  const pid_t child = ::fork();
  if (child < 0) {
    std::perror("gradebox-worker: fork");
    std::_Exit(1);
  }
  if (child > 0) std::_Exit(0);  // the starter waits for the service's ready, not for this exit
  ::setsid();
  const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  for (const int fd : {0, 1, 2})
    if (null >= 0) ::dup2(null, fd);
  if (null > 2) ::close(null);
  try {
    auto scratch = sandbox::ScratchDir::create("zygote");
    const char* path = scratch.path().c_str();
    if (::chdir(path) != 0) std::_Exit(1);
    for (const char* name : {"HOME", "IPYTHONDIR", "MPLCONFIGDIR"}) ::setenv(name, path, 1);
    return scratch;
  } catch (const std::exception&) {
    std::_Exit(1);
  }
}

}  // namespace gradebox::worker
