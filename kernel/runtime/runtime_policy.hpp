// What a runtime is allowed to do: the worker to start, what the zygote preloads, the limits of
// its sessions and cells (sandbox::Limits). One policy per Runtime; every session shares it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/limits.hpp"

namespace gradebox::runtime {

struct RuntimePolicy {
  // The gradebox-worker executable. Empty: next to the calling executable, then $PATH.
  std::filesystem::path worker_path;
  // A warm zygote service to attach to instead of starting a zygote (`gradebox runtime-serve`,
  // kernel/runtime/zygote_connection.hpp). When it is absent or was started for another policy,
  // a zygote is started as usual and Runtime::worker_info()["zygote"] says why.
  std::filesystem::path zygote_socket;
  // Without zygote_socket: share one warm zygote service among this uid's runtimes (the
  // interactive kernel's warm start, kernel/runtime/user_zygote_service.hpp), started by the
  // first of them and ending after this long without one. Zero: each runtime starts its own.
  std::chrono::seconds user_zygote_idle_exit{0};

  // Python semantics: "auto" uses IPython's InteractiveShell when importable, "ipython" requires
  // it (start fails otherwise), "plain" always uses exec/eval with the same event shapes.
  std::string python_mode = "auto";
  // Modules the zygote imports once, before any session exists. Never imported from a student's
  // directory (the zygote's sys.path holds only system paths). Missing modules are skipped.
  // pandas by default: a cell's `import pandas` then costs what `import numpy` does.
  std::vector<std::string> preload_modules = {"numpy", "pandas"};
  // Run one completion in the zygote so a session's first completion is quick (imports IPython's
  // completer and jedi: ~0.5 s on an idle core, several seconds under load). Runs that never
  // complete (grading) turn it off and start that much sooner.
  bool warm_completion = true;
  // The zygote keeps one child forked ahead of the next open_session (an unconfined copy of the
  // zygote that has read nothing; it is confined like any session child once it gets a
  // session), so an open does not wait for the fork of the preloaded heap and Python's
  // after-fork work. Costs one idle process per runtime.
  bool spare_session_child = true;

  // Per session (memory, pids, CPU time: enforced by the sandbox, cgroup when the host allows,
  // else rlimits) and per cell (wall time: SIGINT, then the kill after interrupt_grace; output
  // bytes: the cell is stopped; output and traceback lines: cut with one notice, and
  // CellVerdict::output_truncated is set). The runtime is the one layer that caps output.
  sandbox::Limits limits;
  // Isolation (docs/security.md, "Isolation levels"): use at most `max_isolation_level` ("cgroup2",
  // "cgroup1", "rlimit"); refuse to open sessions below `required_isolation_level`. Empty: no cap /
  // no requirement.
  std::string max_isolation_level;
  std::string required_isolation_level;
  // Layers without which no session opens (sandbox/required_layers.hpp: "landlock", "seccomp",
  // "uts_namespace", ...); Runtime::start refuses when the host lacks one.
  std::vector<std::string> required_layers;
  // Network access for sessions (default none: a network namespace, and seccomp refuses
  // non-Unix sockets).
  bool network = false;
  // Readable inside the sandbox besides the system dirs and the session's own directory.
  std::vector<std::filesystem::path> readable_paths;

  // After a cell's wall time (limits.wall_time) is up and its SIGINT sent, how long the cell may
  // take to stop before the child is killed.
  std::chrono::milliseconds interrupt_grace{1000};
};

// Per session: where the child runs and what it sees.
struct SessionOptions {
  // cwd of the session child (nbgrader: the notebook's own grading dir) and the only directory
  // it may write. Empty: a fresh private scratch dir removed when the session closes. When the
  // caller is root the sandbox drops to an unprivileged uid, and this directory (recursively) is
  // handed to that uid so the session can write its own files.
  std::filesystem::path working_directory;
  // The child's whole environment besides a scrubbed base (PATH, HOME=cwd, LANG=C.UTF-8,
  // OPENBLAS_NUM_THREADS=1, ...), e.g. {"NBGRADER_EXECUTION", "autograde"}.
  std::vector<std::pair<std::string, std::string>> environment;
};

}  // namespace gradebox::runtime
