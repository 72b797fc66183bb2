// Forking the zygote's interpreter: sessions, spares and the service's connection zygotes.
//
// Python's fork protocol (PyOS_BeforeFork, then PyOS_AfterFork_Parent / _Child) runs Python code
// on both sides: the fork hooks of logging, threading, random and the like. Its parent side only
// guards locks that another thread could hold during the fork; a zygote forks from its C++ loop,
// never inside Python code, and has no other thread (main.cpp keeps BLAS and OpenMP pools out),
// so there it is skipped. That matters most for a connection zygote: every Python object a hook
// touches there is a page copied from the listener's interpreter (~1 MiB per kernel) and copied
// once more by its session, which runs the child side itself.
#pragma once

#include <sys/types.h>

namespace gradebox::worker {

// fork(). `child_runs_python`: the child calls PyOS_AfterFork_Child (a session or spare); a child
// that never runs Python code (a connection zygote, whose sessions do it) skips it. With other
// threads alive, the whole protocol runs as for os.fork(). -1 with errno on failure.
pid_t fork_interpreter(bool child_runs_python);

}  // namespace gradebox::worker
