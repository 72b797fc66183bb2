// Linux namespaces for the child: user, pid, net, ipc, uts, mount.
//
// Verbs:
//   detect()            which namespaces this host lets us create (forks a throwaway child)
//   clone_flags()       the flags the launcher passes to clone() for the run's init process
//                       (only CLONE_NEWPID, and only when that needs no user namespace, i.e. root)
//   apply_in_child()    unshare() the others in the current process, in this order:
//                       identity drop (so the user namespace maps the unprivileged uid),
//                       user ns + uid/gid maps, then net/ipc/uts/mount; mounts become private
//                       and the hostname "gradebox". Works after fork without exec.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox::namespaces {

struct Available {
  bool user = false, pid = false, net = false, ipc = false, uts = false, mount = false;
  std::vector<std::string> names() const;  // {"user", "pid", ...} of the true ones
};

Available detect();
// Everything marked available, for callers that skip detect(): apply_in_child and the launcher's
// clone then fall back per namespace.
Available assume_all();

// What the child should create; everything false = no namespaces.
struct Request {
  bool user = false, net = false, ipc = false, uts = false, mount = false;
  // When >= 0 and net is requested: setns() into this network namespace (an empty one the
  // caller keeps, see EmptyNetworkNamespace) instead of unshare(CLONE_NEWNET), which costs a
  // loopback device and sysctl tables per run (~15% of a run's CPU) plus an asynchronous
  // teardown. Only set when that is as safe, see Confinement::share_network_namespace.
  int shared_netns_fd = -1;
};

// From what is available and whether the network is allowed (net ns only when it is not).
Request request_for(const Available& available, bool network_allowed);

// Flags for clone() of the run's init: CLONE_NEWPID when available and we are root, else 0.
int clone_flags(const Available& available);

// An empty network namespace (only a loopback device, down) made once by a root process and
// joined by many runs. Every run in it still has no network: no interface is up, the runs'
// user namespaces hold no capability over it (it belongs to the initial user namespace),
// seccomp refuses every non-AF_UNIX socket and Landlock every TCP bind/connect. What runs in one
// network namespace share is the abstract AF_UNIX socket namespace, which Landlock ABI >= 6
// scopes to each run's own domain, hence that condition in Confinement::share_network_namespace.
class EmptyNetworkNamespace {
 public:
  // nullopt when this process may not create one (not root, or the host refuses).
  static std::optional<EmptyNetworkNamespace> create();
  int fd() const { return fd_.get(); }

 private:
  explicit EmptyNetworkNamespace(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

// Unshares the requested namespaces in the current process, keeping those the host allows (a
// refused namespace is left out of the returned layer, not an error). When root and a user
// namespace is requested, drops to uid/gid first. Returns layer names ("namespaces:user,net,...",
// "privilege_drop:65534"). Throws std::system_error naming the step.
std::vector<std::string> apply_in_child(const Request& request, uid_t uid, gid_t gid);

}  // namespace gradebox::sandbox::namespaces
