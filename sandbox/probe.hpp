// What this host allows: cgroup v2 delegation, cgroup v1 controllers, namespaces, seccomp,
// Landlock ABI, root. The best isolation level follows from it, confirmed by a throwaway session
// per level (session_trial.hpp): a level the probe reports is one whose session ran.
// `gradebox-run --probe` and `gradebox doctor` print it (layer_report.hpp: per layer).
//
// JSON schema "gradebox.probe", version 1 (to_json):
//   {"schema":"gradebox.probe","version":1,"root":bool,"best_level":"cgroup2|cgroup1|rlimit",
//    "cgroup2":{"usable":bool,"parent":path|null,"cpu":bool,"detail":text},
//    "cgroup1":{"usable":bool,"memory":path|null,"pids":path|null,"freezer":path|null,
//               "cpuacct":path|null,"memsw":bool,"detail":text},
//    "namespaces":{"user":bool,"pid":bool,"net":bool,"ipc":bool,"uts":bool,"mount":bool},
//    "seccomp":bool,"landlock_abi":int,
//    "confirmed":{"level":"cgroup2|cgroup1|rlimit"|null,"probe_ms":number,
//                 "trials":[{"level","namespaces":bool,"ok":bool,"failure":text,"layers":[...],
//                            "ms":number}]}|null,
//    "layers":[...] (layer_report.hpp)}
// ("confirmed" is null when the probe ran without sessions; level null: no session ran at all.)
#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/cgroup1.hpp"
#include "sandbox/cgroup2.hpp"
#include "sandbox/namespaces.hpp"
#include "sandbox/policy.hpp"
#include "sandbox/session_trial.hpp"

namespace gradebox::sandbox {

struct HostProbe {
  bool root = false;
  cgroup2::Detection cgroup2;
  cgroup1::Detection cgroup1;
  namespaces::Available namespaces;
  bool seccomp = false;
  int landlock_abi = 0;
  // The sessions ProbeOptions::confirm_with_session ran, best level first; empty when it did not.
  std::vector<SessionTrial> trials;
  // Set when namespaces were detected but sessions only ran without them (why): none are used.
  std::optional<std::string> namespaces_dropped;
  std::chrono::microseconds took{0};

  // What the capability checks allow: cgroup2, else cgroup1, else rlimit.
  IsolationLevel capable_level() const;
  // capable_level(), lowered to the level of the trial session that ran (when trials ran).
  IsolationLevel best_level() const;
  // The trial that confirmed best_level(); nullptr without trials, or when none ran.
  const SessionTrial* working_trial() const;
  // Trials ran and none of them worked: no session can start here (SetupError at prepare).
  bool no_working_session() const { return !trials.empty() && !working_trial(); }
};

struct ProbeOptions {
  // The cgroup2 directory to delegate runs under; default: $GRADEBOX_CGROUP2_PARENT, else this
  // process's own cgroup2 directory.
  std::optional<std::filesystem::path> cgroup2_parent;
  // Namespace detection forks a child and creates six namespaces (~5 ms). A launcher can skip it:
  // the child then tries every namespace and keeps those that work.
  bool detect_namespaces = true;
  // Skip the cgroup checks when the run is capped at the rlimit level anyway.
  bool detect_cgroups = true;
  // Create and remove scratch cgroups to prove writability (else access(2) checks only).
  bool thorough_cgroups = true;
  // Start a throwaway session at the capable level, and at each lower one until one runs
  // (session_trial.hpp; a few ms per trial). Hot paths that report their level in the run's
  // verdict anyway (gradebox-run) may skip it.
  bool confirm_with_session = true;
};

// Fills host.trials: from host.capable_level() down, the first level whose trial session runs;
// a level whose session fails with namespaces is tried once more without them (then
// host.namespaces is emptied and namespaces_dropped says why). probe_host does this unless
// ProbeOptions::confirm_with_session is off.
void confirm_with_sessions(HostProbe& host);

// Takes a few milliseconds: it creates and removes scratch cgroups, forks one namespace probe
// child and one trial session per level tried. The answer is cached per process and options.
HostProbe probe_host(const ProbeOptions& options = {});

nlohmann::ordered_json to_json(const HostProbe& probe);
std::string to_text(const HostProbe& probe);

}  // namespace gradebox::sandbox
