// Zygote service: the listening socket, peer checks, one forked zygote per connection.
#include "kernel/worker/zygote_service.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel/protocol/control_message.hpp"
#include "kernel/worker/interpreter_fork.hpp"
#include "kernel/worker/service_peer.hpp"
#include "kernel/worker/zygote.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using sandbox::UniqueFd;

struct ConnectionZygote {
  pid_t pid;
  UniqueFd pidfd;
};

std::string errno_text() {
  return std::strerror(errno);
}

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.string().size() >= sizeof(address.sun_path))
    throw std::runtime_error("socket path " + path.string() + " is longer than " +
                             std::to_string(sizeof(address.sun_path) - 1) +
                             " bytes (choose a shorter one, e.g. under /run)");
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  return address;
}

// A stale socket file (no listener) is replaced; a live one, or anything that is not a socket,
// is refused rather than stolen or deleted.
void clear_stale_socket(const std::filesystem::path& path, const sockaddr_un& address) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0) return;
  if (!S_ISSOCK(status.st_mode))
    throw std::runtime_error(path.string() +
                             " exists and is not a socket (remove it or choose "
                             "another --socket path)");
  UniqueFd probe(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (probe &&
      ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0)
    throw std::runtime_error("another zygote service is listening on " + path.string() +
                             " (stop it first, or choose another --socket path)");
  ::unlink(path.c_str());
}

// The listening socket and the inode of its file, so that the service removes only its own file.
struct Listener {
  UniqueFd socket;
  ino_t inode = 0;
};

Listener listen_on(const std::filesystem::path& path) {
  const sockaddr_un address = address_of(path);
  clear_stale_socket(path, address);
  UniqueFd socket(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!socket) throw std::runtime_error("socket: " + errno_text());
  // Created 0600 from the start (umask), not chmod'ed after a window in which others could
  // connect; the chmod makes the mode explicit whatever the umask allowed.
  const mode_t old_mask = ::umask(0177);
  const int bound =
      ::bind(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address));
  const int bind_errno = errno;
  ::umask(old_mask);
  if (bound != 0)
    throw std::runtime_error("cannot bind " + path.string() + ": " + std::strerror(bind_errno) +
                             " (does its directory exist and is it writable?)");
  struct stat status {};
  if (::chmod(path.c_str(), 0600) != 0 || ::lstat(path.c_str(), &status) != 0 ||
      ::listen(socket.get(), 64) != 0) {
    const std::string why = errno_text();
    ::unlink(path.c_str());
    throw std::runtime_error("cannot listen on " + path.string() + ": " + why);
  }
  return {std::move(socket), status.st_ino};
}

void remove_if_ours(const std::filesystem::path& path, ino_t inode) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) == 0 && S_ISSOCK(status.st_mode) && status.st_ino == inode)
    ::unlink(path.c_str());
}

// The forked connection zygote: serves one client until it hangs up, then exits.
[[noreturn]] void serve_connection(UniqueFd connection, const PythonPrimitives& p,
                                   const json& service, const std::filesystem::path& socket_path,
                                   const ZygoteOptions& options, pid_t listener) {
  // Dies with the listener (single-threaded, so the death signal is tied to the right thread);
  // its session children die with it by their own death signal. A listener that died before the
  // prctl is caught by the parent check.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != listener) std::_Exit(1);
  int code = 1;
  try {
    json info = p.info;
    info["pid"] = ::getpid();
    info["service"] = service;
    info["service"]["socket"] = socket_path.string();
    protocol::send_control(connection.get(), {{"op", "ready"}, {"info", info}});
    code = run_zygote(connection.get(), p, options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "gradebox-worker: connection zygote: %s\n", error.what());
  }
  std::_Exit(code);
}

void refuse(int connection, const std::string& why) {
  try {
    protocol::send_control(connection, {{"op", "failed"}, {"error", why}});
  } catch (const std::exception&) {
    // the client is gone already
  }
}

void kill_all(std::vector<ConnectionZygote>& zygotes) {
  for (auto& zygote : zygotes) ::kill(zygote.pid, SIGKILL);
  for (auto& zygote : zygotes) ::waitpid(zygote.pid, nullptr, 0);
  zygotes.clear();
}

// Accepts one queued connection: a client `served` admits (service_peer.hpp) gets a connection
// zygote (added to `zygotes`), anyone else a refusal saying why.
void accept_connection(int listening, int control_fd, const ServedPeers& served,
                       const PythonPrimitives& p, const json& service,
                       const std::filesystem::path& socket_path, const ZygoteOptions& options,
                       std::vector<ConnectionZygote>& zygotes) {
  UniqueFd connection(::accept4(listening, nullptr, nullptr, SOCK_CLOEXEC));
  if (!connection) return;
  if (const auto why = peer_refusal(connection.get(), served); !why.empty()) {
    refuse(connection.get(), why);
    return;
  }
  const pid_t listener = ::getpid();
  // The connection zygote runs no Python code (interpreter_fork.hpp): its sessions start from
  // the listener's interpreter as it is, untouched.
  const pid_t pid = fork_interpreter(/*child_runs_python=*/false);
  if (pid == 0) {
    // Nothing of the listener's stays open in a connection zygote or its sessions.
    ::close(listening);
    zygotes.clear();
    if (control_fd >= 0) ::close(control_fd);
    serve_connection(std::move(connection), p, service, socket_path, options, listener);
  }
  if (pid < 0) {
    refuse(connection.get(), "fork: " + errno_text());
    return;
  }
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return;
  }
  zygotes.push_back({pid, std::move(pidfd)});
}

}  // namespace

int run_zygote_service(int control_fd, const std::filesystem::path& socket_path,
                       const PythonPrimitives& p, json service, const ZygoteOptions& options,
                       std::chrono::seconds idle_exit) {
  Listener listening;
  try {
    listening = listen_on(socket_path);
  } catch (const std::exception& error) {
    protocol::send_control(control_fd, {{"op", "failed"}, {"error", error.what()}});
    return 1;
  }
  service["listener_pid"] = ::getpid();
  json info = p.info;
  info["service"] = service;
  protocol::send_control(control_fd, {{"op", "ready"}, {"info", info}});
  const bool detached = idle_exit.count() > 0;
  if (detached) {
    ::close(control_fd);  // its starter may go now; poll ignores a negative fd
    control_fd = -1;
  }

  const ServedPeers served = served_peers();
  std::vector<ConnectionZygote> zygotes;
  bool retiring = false;  // idle: the socket file is gone, queued connections are still served
  for (;;) {
    std::vector<pollfd> fds{{control_fd, POLLIN, 0}, {listening.socket.get(), POLLIN, 0}};
    for (const auto& zygote : zygotes) fds.push_back({zygote.pidfd.get(), POLLIN, 0});
    const bool idle = detached && zygotes.empty();
    const int timeout = !idle ? -1 : retiring ? 0 : static_cast<int>(idle_exit.count() * 1000);
    const int ready = ::poll(fds.data(), fds.size(), timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (ready == 0) {
      if (retiring) break;
      remove_if_ours(socket_path, listening.inode);
      retiring = true;
      continue;
    }
    for (std::size_t i = fds.size() - 1; i >= 2; --i) {
      if (fds[i].revents == 0) continue;
      ::waitpid(zygotes[i - 2].pid, nullptr, 0);
      zygotes.erase(zygotes.begin() + static_cast<long>(i - 2));
    }
    if (fds[0].revents != 0) {
      const auto message = protocol::receive_control(control_fd);
      if (!message || message->body.value("op", "") == "shutdown") break;
    }
    if (fds[1].revents != 0)
      accept_connection(listening.socket.get(), control_fd, served, p, service, socket_path,
                        options, zygotes);
  }
  kill_all(zygotes);
  remove_if_ours(socket_path, listening.inode);
  return 0;
}

}  // namespace gradebox::worker
