// A session child: what a fork of the zygote does before and while it serves one session.
#pragma once

#include <string>
#include <vector>

#include "kernel/worker/python_runtime.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::worker {

// The fds of an open message. The zygote reads nothing that belongs to the session: its key and
// request (cwd, environment, sandbox) come through key_pipe (kernel/protocol/session_handoff.hpp),
// read by the child only after the fork.
struct SessionSetup {
  sandbox::UniqueFd socket;    // frame channel to the trusted side
  sandbox::UniqueFd key_pipe;  // the session handoff: key, then the request
};

// Runs an empty cell both ways (silently: no history, no count, no events) so that the pages the
// cell paths touch are copied from the zygote now rather than during the first real cell: in a
// spare child while it waits for a session (zygote.cpp), and in a reserved session's child
// before it reports ready. Not on the path of a session opened on demand from a fresh fork:
// there it would only move those faults onto the open path and add two cells' worth of work.
void touch_cell_paths(const PythonPrimitives& primitives);

// Never returns: reads the key and request, closes every other fd, enters the sandbox, sets env
// and cwd, sends the ready frame, then serves requests until shutdown or EOF.
[[noreturn]] void run_session_child(const PythonPrimitives& primitives, SessionSetup setup);

}  // namespace gradebox::worker
