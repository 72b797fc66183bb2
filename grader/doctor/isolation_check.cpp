// Runs sandbox::probe_host (what `gradebox-run --probe` prints) and grades its answer.
#include "grader/doctor/isolation_check.hpp"

#include "sandbox/probe.hpp"

namespace gradebox::doctor {

CheckRows check_isolation() {
  const sandbox::HostProbe probe = sandbox::probe_host();
  const auto level = probe.best_level();
  CheckRows rows;
  CheckRow row{"isolation level", CheckStatus::pass, std::string(sandbox::to_string(level)), ""};
  if (level == sandbox::IsolationLevel::cgroup2 && probe.cgroup2.delegation) {
    row.detail +=
        " (memory and pids per session under " + probe.cgroup2.delegation->parent.string() + ")";
  } else if (level == sandbox::IsolationLevel::cgroup1) {
    row.detail += " (cgroup v1 controllers)";
  } else {
    row.status = CheckStatus::warn;
    row.detail += ": no writable cgroup (" + probe.cgroup2.reason +
                  "); memory is limited per process by rlimits";
    row.fix =
        "run under a delegated cgroup2 subtree (systemd Delegate=yes, or "
        "GRADEBOX_CGROUP2_PARENT=<writable cgroup dir>); normal in Kubernetes pods";
  }
  rows.push_back(row);
  if (probe.seccomp)
    rows.push_back({"seccomp", CheckStatus::pass, "seccomp filters available", ""});
  else
    rows.push_back({"seccomp", CheckStatus::fail, "the kernel refuses seccomp filters",
                    "use a kernel with CONFIG_SECCOMP_FILTER; in containers do not run with "
                    "seccomp=unconfined blocking nested filters"});
  if (probe.landlock_abi > 0)
    rows.push_back(
        {"landlock", CheckStatus::pass, "Landlock ABI " + std::to_string(probe.landlock_abi), ""});
  else
    rows.push_back(
        {"landlock", CheckStatus::warn,
         "Landlock unavailable: file access is confined by namespaces and permissions only",
         "use Linux >= 5.13 with lsm=...,landlock"});
  return rows;
}

}  // namespace gradebox::doctor
