// The zygote service's client check (service_peer.hpp).
#include "kernel/worker/service_peer.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "sandbox/proc_status.hpp"
#include "sandbox/unique_fd.hpp"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77  // Linux 6.5; older headers lack the name
#endif

namespace gradebox::worker {
namespace {

using sandbox::UniqueFd;

std::optional<int> number_field(const std::string& status, const std::string& name) {
  const auto text = sandbox::proc_status_field(status, name);
  int value = 0;
  if (!text || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc())
    return std::nullopt;
  return value;
}

// The client's pidfd. SO_PEERPIDFD names the very process that connected. Kernels before 6.5
// lack it: then pidfd_open on SO_PEERCRED's pid, which names another process if the client
// exited and its pid was reused in between (a session cannot make the socket kind anyway).
UniqueFd client_pidfd(int connection, pid_t pid) {
  int pidfd = -1;
  socklen_t length = sizeof(pidfd);
  if (::getsockopt(connection, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &length) == 0)
    return UniqueFd(pidfd);
  if (errno != ENOPROTOOPT) return UniqueFd();
  return UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
}

// A pidfd turns readable when its process has exited.
bool still_running(int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

// False also when the namespace cannot be read: a session makes itself non-dumpable, which
// hides its /proc/<pid>/ns from an unprivileged service.
bool in_our_user_namespace(pid_t pid) {
  struct stat theirs {
  }, ours{};
  return ::stat(("/proc/" + std::to_string(pid) + "/ns/user").c_str(), &theirs) == 0 &&
         ::stat("/proc/self/ns/user", &ours) == 0 && theirs.st_dev == ours.st_dev &&
         theirs.st_ino == ours.st_ino;
}

}  // namespace

std::optional<ProcessConfinement> parse_confinement(const std::string& status) {
  const auto no_new_privs = number_field(status, "NoNewPrivs");
  const auto seccomp_mode = number_field(status, "Seccomp");
  if (!no_new_privs || !seccomp_mode) return std::nullopt;
  return ProcessConfinement{*no_new_privs != 0, *seccomp_mode,
                            number_field(status, "Seccomp_filters")};
}

std::string confinement_refusal(const ProcessConfinement& peer, const ProcessConfinement& service) {
  if (peer.no_new_privs && !service.no_new_privs)
    return "it has no_new_privs set, as a sandboxed session has";
  if (peer.seccomp_mode == 0) return {};
  if (peer.seccomp_mode > service.seccomp_mode)
    return "it runs under seccomp, as a sandboxed session does";
  if (!peer.seccomp_filters || !service.seccomp_filters)
    return "this Linux does not count seccomp filters (Seccomp_filters, 5.9), so a sandboxed "
           "session cannot be told from a kernel";
  if (*peer.seccomp_filters > *service.seccomp_filters)
    return "it runs under more seccomp filters than the service, as a sandboxed session does";
  return {};
}

ServedPeers served_peers() {
  const auto status = sandbox::read_proc_status("self");
  return {::geteuid(), status ? parse_confinement(*status) : std::nullopt};
}

std::string peer_refusal(int connection, const ServedPeers& served) {
  ucred peer{};
  socklen_t length = sizeof(peer);
  if (::getsockopt(connection, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 ||
      peer.uid != served.owner)
    return "the zygote service serves uid " + std::to_string(served.owner) + " only";
  if (!served.service) return "the zygote service cannot read its own /proc/self/status";
  if (peer.pid <= 0) return "the client's process is not visible in the service's pid namespace";
  const UniqueFd pidfd = client_pidfd(connection, peer.pid);
  if (!pidfd) return std::string("the client's process cannot be named: ") + std::strerror(errno);
  const auto status = sandbox::read_proc_status(std::to_string(peer.pid));
  const auto confinement = status ? parse_confinement(*status) : std::nullopt;
  if (!confinement)
    return "the client's /proc/" + std::to_string(peer.pid) + "/status is unreadable";
  if (const auto why = confinement_refusal(*confinement, *served.service); !why.empty())
    return "the zygote service refuses this client: " + why;
  if (!in_our_user_namespace(peer.pid))
    return "the zygote service refuses this client: it runs in another user namespace, as a "
           "sandboxed session does";
  // Checked after every read: while the pidfd's process runs, its pid names nobody else, so
  // what was read under /proc/<pid> was the client's own.
  if (!still_running(pidfd.get())) return "the client exited while it was checked";
  return {};
}

}  // namespace gradebox::worker
