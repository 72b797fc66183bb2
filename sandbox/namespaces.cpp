// unshare()-based namespace entry, uid/gid maps, and the host probe.
#include "sandbox/namespaces.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "sandbox/privileges.hpp"

namespace gradebox::sandbox::namespaces {

namespace {

void write_file(const char* path, const std::string& text) {
  const UniqueFd fd(::open(path, O_WRONLY | O_CLOEXEC));
  if (!fd) throw std::system_error(errno, std::generic_category(), std::string("open ") + path);
  const ssize_t n = ::write(fd.get(), text.data(), text.size());
  const int error = errno;
  if (n != static_cast<ssize_t>(text.size()))
    throw std::system_error(error, std::generic_category(), std::string("write ") + path);
}

bool enter_user_namespace() {
  // A uid change just made the process non-dumpable, which makes /proc/self/*_map root-owned.
  ::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
  const uid_t uid = ::geteuid();
  const gid_t gid = ::getegid();
  if (::unshare(CLONE_NEWUSER) != 0) return false;
  // An unprivileged process may map exactly its own ids, and only after denying setgroups.
  write_file("/proc/self/setgroups", "deny");
  write_file("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1\n");
  write_file("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1\n");
  return true;
}

}  // namespace

std::vector<std::string> Available::names() const {
  std::vector<std::string> out;
  if (user) out.push_back("user");
  if (pid) out.push_back("pid");
  if (net) out.push_back("net");
  if (ipc) out.push_back("ipc");
  if (uts) out.push_back("uts");
  if (mount) out.push_back("mount");
  return out;
}

Available detect() {
  // A throwaway child tries each unshare and reports the successes as exit-status bits; the
  // user namespace goes first so the rest also work unprivileged.
  const pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    int bits = 0;
    if (::unshare(CLONE_NEWUSER) == 0) bits |= 1;
    const int flags[] = {CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUTS, CLONE_NEWNS};
    for (int i = 0; i < 5; ++i)
      if (::unshare(flags[i]) == 0) bits |= 2 << i;
    ::_exit(bits);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status)) return {};
  const int bits = WEXITSTATUS(status);
  return Available{(bits & 1) != 0, (bits & 2) != 0,  (bits & 4) != 0,
                   (bits & 8) != 0, (bits & 16) != 0, (bits & 32) != 0};
}

Available assume_all() {
  return Available{true, true, true, true, true, true};
}

Request request_for(const Available& a, bool network_allowed) {
  return Request{a.user, a.net && !network_allowed, a.ipc, a.uts, a.mount};
}

int clone_flags(const Available& available) {
  return available.pid && ::geteuid() == 0 ? CLONE_NEWPID : 0;
}

std::optional<EmptyNetworkNamespace> EmptyNetworkNamespace::create() {
  // Made by this thread for a moment, then it returns to its own: the fd keeps the new one alive.
  const UniqueFd own(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!own) return std::nullopt;
  UniqueFd fresh;
  if (::unshare(CLONE_NEWNET) == 0) {
    fresh.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (::setns(own.get(), CLONE_NEWNET) != 0)
      // Stuck in the new namespace: a thread without its network is worse than no cache.
      throw std::system_error(errno, std::generic_category(),
                              "setns back to the original network namespace");
  }
  if (!fresh) return std::nullopt;
  return EmptyNetworkNamespace(std::move(fresh));
}

std::vector<std::string> apply_in_child(const Request& request, uid_t uid, gid_t gid) {
  std::vector<std::string> layers;
  std::string names;
  // Joining needs CAP_SYS_ADMIN over the namespace's owner, so before the identity drop; a
  // refusal falls back to a namespace of our own.
  bool joined_net = false;
  if (request.net && request.shared_netns_fd >= 0) {
    joined_net = ::setns(request.shared_netns_fd, CLONE_NEWNET) == 0;
    ::close(request.shared_netns_fd);
  }
  if (request.user) {
    layers = privileges::drop_identity(uid, gid);
    if (enter_user_namespace()) names = "user";
  }
  // One unshare per namespace, so a host that refuses one (e.g. net in some containers) still
  // gets the others.
  auto enter = [&](bool wanted, int flag, const char* name) {
    if (!wanted || ::unshare(flag) != 0) return false;
    names += names.empty() ? name : std::string(",") + name;
    return true;
  };
  if (joined_net)
    names += names.empty() ? "net" : ",net";
  else
    enter(request.net, CLONE_NEWNET, "net");
  enter(request.ipc, CLONE_NEWIPC, "ipc");
  // Container runtimes' default seccomp profiles refuse sethostname and mount even in namespaces
  // of our own. The UTS namespace isolates all the same (its hostname stays the host's). A mount
  // namespace whose mounts cannot be made private (nothing mounted inside may propagate back to
  // the host) is not reported, so nothing is mounted in it, not even /dev/shm's tmpfs.
  if (enter(request.uts, CLONE_NEWUTS, "uts")) (void)::sethostname("gradebox", 8);
  if (request.mount && ::unshare(CLONE_NEWNS) == 0 &&
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0)
    names += names.empty() ? "mount" : ",mount";
  if (!names.empty()) layers.push_back("namespaces:" + names);
  return layers;
}

}  // namespace gradebox::sandbox::namespaces
