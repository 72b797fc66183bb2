// What this host allows: cgroup v2 delegation, cgroup v1 controllers, namespaces, seccomp,
// Landlock ABI, root. The best isolation level follows from it. `gradebox-run --probe` and
// `gradebox doctor` print it.
//
// JSON schema "gradebox.probe", version 1 (to_json):
//   {"schema":"gradebox.probe","version":1,"root":bool,"best_level":"cgroup2|cgroup1|rlimit",
//    "cgroup2":{"usable":bool,"parent":path|null,"cpu":bool,"detail":text},
//    "cgroup1":{"usable":bool,"memory":path|null,"pids":path|null,"freezer":path|null,
//               "cpuacct":path|null,"memsw":bool,"detail":text},
//    "namespaces":{"user":bool,"pid":bool,"net":bool,"ipc":bool,"uts":bool,"mount":bool},
//    "seccomp":bool,"landlock_abi":int}
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sandbox/cgroup1.hpp"
#include "sandbox/cgroup2.hpp"
#include "sandbox/namespaces.hpp"
#include "sandbox/policy.hpp"

namespace gradebox::sandbox {

struct HostProbe {
  bool root = false;
  cgroup2::Detection cgroup2;
  cgroup1::Detection cgroup1;
  namespaces::Available namespaces;
  bool seccomp = false;
  int landlock_abi = 0;

  IsolationLevel best_level() const;
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
};

// Takes a few milliseconds: it creates and removes scratch cgroups and forks one probe child.
HostProbe probe_host(const ProbeOptions& options = {});

nlohmann::ordered_json to_json(const HostProbe& probe);
std::string to_text(const HostProbe& probe);

}  // namespace gradebox::sandbox
