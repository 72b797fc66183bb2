// A zygote service that outlives the process that started it (gradebox-worker --listen SOCKET
// --idle-exit SECONDS): the per-user warm zygote of gradebox-kernel
// (kernel/runtime/user_zygote_service.hpp). The caller's kernel may exit, be killed or be
// restarted by Jupyter while the service keeps its preloaded interpreter for the next kernel.
#pragma once

#include "sandbox/scratch_dir.hpp"

namespace gradebox::worker {

// Called first thing in main, single-threaded: forks, the parent exits at once (its caller reaps
// it), and the child goes on in a session of its own (out of the kernel's process group, which
// Jupyter signals and kills as a whole), with stdin/stdout/stderr on /dev/null (the kernel's log
// pipe closes when the kernel goes), and with its own scratch dir as cwd, HOME, IPYTHONDIR and
// MPLCONFIGDIR (named by its own pid, so no sweep removes it while it runs). Exits 1 when it
// cannot.
sandbox::ScratchDir detach_service();

}  // namespace gradebox::worker
