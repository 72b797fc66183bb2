// The zygote loop: waits on the control socket for open requests, gives each request a session
// child (the spare forked ahead of it, else a fork now; the child is confined before it reads
// any untrusted byte), and reports each child's exit status with its resource usage.
// Single-threaded throughout, so fork is safe.
//
// Control messages (JSON, see kernel/protocol/control_message.hpp):
//   -> {"op":"open","session":N,"cwd":..,"environment":{..},"sandbox":{..}}
//        fds: [frame socket, key pipe, sandbox fds...]
//   <- {"op":"opened","session":N,"pid":P}  fds: [pidfd]
//   <- {"op":"exited","session":N,"pid":P,"status":wait status,"cpu_ms":..,"max_rss_kb":..}
//   -> {"op":"shutdown"} or EOF: kill and reap every child, exit.
#pragma once

#include "kernel/worker/python_runtime.hpp"

namespace gradebox::worker {

struct ZygoteOptions {
  // Keep one child forked ahead of the next open request (see Spare in zygote.cpp); it is the
  // one child of the zygote that serves no session.
  bool keep_spare = true;
  // Fork each session child as the init of a new pid namespace: when it exits, the kernel kills
  // every process left in that namespace, including those that left the session's process group
  // and parent (double fork, setsid). The rlimit level needs it: no cgroup finds those there.
  // Needs CAP_SYS_ADMIN (zygote_namespaces.hpp checks it at start).
  bool session_pid_namespace = false;
};

// Returns the zygote's exit code.
int run_zygote(int control_fd, const PythonPrimitives& primitives, const ZygoteOptions& options);

}  // namespace gradebox::worker
