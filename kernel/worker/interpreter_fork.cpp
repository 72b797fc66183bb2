// Forking the zygote's interpreter (interpreter_fork.hpp).
#include "kernel/worker/interpreter_fork.hpp"

#include <Python.h>
#include <unistd.h>

#include <cerrno>

#include "sandbox/proc_status.hpp"

namespace gradebox::worker {

pid_t fork_interpreter(bool child_runs_python) {
  if (sandbox::thread_count() != 1) {
    PyOS_BeforeFork();
    const pid_t pid = ::fork();
    const int fork_errno = errno;
    if (pid == 0)
      PyOS_AfterFork_Child();
    else
      PyOS_AfterFork_Parent();
    errno = fork_errno;
    return pid;
  }
  const pid_t pid = ::fork();
  if (pid == 0 && child_runs_python) PyOS_AfterFork_Child();
  return pid;
}

}  // namespace gradebox::worker
