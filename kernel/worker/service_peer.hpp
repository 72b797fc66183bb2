// Who the zygote service (zygote_service.hpp) serves: a process of its own uid that is no more
// confined than the service itself, i.e. a kernel, never a sandboxed session. An unprivileged
// kernel's sessions keep its uid, so the uid alone does not tell them apart; a session is set
// no_new_privs and gets at least one seccomp filter more than the kernel that started it, and
// neither can be undone. Comparing with the service's own status (rather than requiring none
// of either) keeps warm start where the whole container already runs with no_new_privs and a
// seccomp profile (Kubernetes allowPrivilegeEscalation: false, seccompProfile RuntimeDefault);
// there the kernel must give its sessions the seccomp filter (user_zygote_service.hpp).
//
// A session's user namespace, where it has one, is refused too: it costs one stat, and a
// session cannot leave it. The cgroup is not checked: a session has its own only at the cgroup
// levels (not at the rlimit level of a hub), a user's kernels may legitimately sit in different
// cgroups (systemd scopes, pods), so it would be a name match adding nothing to the above.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace gradebox::worker {

// The confinement fields of /proc/<pid>/status.
struct ProcessConfinement {
  bool no_new_privs = false;
  int seccomp_mode = 0;                // 0 none, 1 strict, 2 filter
  std::optional<int> seccomp_filters;  // absent before Linux 5.9
};

// Parses a /proc/<pid>/status text; nullopt when NoNewPrivs or Seccomp is missing.
std::optional<ProcessConfinement> parse_confinement(const std::string& status);

// Why `peer` is more confined than `service` (and so possibly a session); empty when it is not.
std::string confinement_refusal(const ProcessConfinement& peer, const ProcessConfinement& service);

// What the service compares its clients with: its uid and its own confinement (nullopt when
// /proc/self/status is unreadable: then every client is refused).
struct ServedPeers {
  uid_t owner;
  std::optional<ProcessConfinement> service;
};
ServedPeers served_peers();

// Checks the client on an accepted `connection`; returns why it is refused, empty if served.
std::string peer_refusal(int connection, const ServedPeers& served);

}  // namespace gradebox::worker
