// Zygote service client: the attach checks, the fallback, and the service's lifetime.
#include "kernel/runtime/zygote_connection.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kernel/runtime/user_zygote_service.hpp"

namespace gradebox::runtime {
namespace {

using nlohmann::json;

constexpr auto hello_timeout_ms = 10000;

[[noreturn]] void unavailable(const std::filesystem::path& socket, const std::string& why) {
  throw ZygoteServiceUnavailable("zygote service " + socket.string() + ": " + why);
}

void check_socket_file(const std::filesystem::path& socket) {
  struct stat status {};
  if (::lstat(socket.c_str(), &status) != 0)
    unavailable(socket, errno == ENOENT ? "no such socket (start it with `gradebox runtime-serve`)"
                                        : std::strerror(errno));
  if (!S_ISSOCK(status.st_mode)) unavailable(socket, "not a socket");
  if (status.st_uid != ::geteuid())
    unavailable(socket, "owned by uid " + std::to_string(status.st_uid) + ", not by us (uid " +
                            std::to_string(::geteuid()) + ")");
  if ((status.st_mode & 077) != 0)
    unavailable(socket, "readable or writable by group or others (mode must be 0600)");
}

sandbox::UniqueFd connect_to(const std::filesystem::path& socket) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket.string().size() >= sizeof(address.sun_path)) unavailable(socket, "path too long");
  std::strncpy(address.sun_path, socket.c_str(), sizeof(address.sun_path) - 1);
  sandbox::UniqueFd fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!fd) unavailable(socket, std::string("socket: ") + std::strerror(errno));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0)
    unavailable(socket, errno == ECONNREFUSED
                            ? std::string("nobody listens (a stale socket: the service stopped)")
                            : std::string("connect: ") + std::strerror(errno));
  return fd;
}

// Differences between the service's zygote and the one `policy` would start; empty if none.
std::string policy_mismatch(const json& service, const RuntimePolicy& policy,
                            const std::vector<std::string>& shared_namespaces) {
  if (service.value("python_mode", std::string()) != policy.python_mode)
    return "python mode " + service.value("python_mode", std::string("?")) + ", wanted " +
           policy.python_mode;
  if (service.value("preload", json::array()) != json(policy.preload_modules))
    return "preloads " + service.value("preload", json::array()).dump() + ", wanted " +
           json(policy.preload_modules).dump();
  if (service.value("shared_namespaces", json::array()) != json(shared_namespaces))
    return "shared namespaces " + service.value("shared_namespaces", json::array()).dump() +
           ", wanted " + json(shared_namespaces).dump() + " (network or isolation differs)";
  std::error_code error;
  const auto worker = std::filesystem::canonical(find_worker(policy), error);
  struct stat status {};
  if (error || ::stat(worker.c_str(), &status) != 0 ||
      service.value("worker", std::string()) != worker.string() ||
      service.value("worker_inode", 0ULL) != static_cast<unsigned long long>(status.st_ino))
    return "it runs " + service.value("worker", std::string("?")) + ", not this gradebox's " +
           (error ? find_worker(policy).string() : worker.string()) +
           " (restart the service after installing or rebuilding gradebox)";
  return {};
}

}  // namespace

AttachedZygote attach_zygote_service(const std::filesystem::path& socket,
                                     const RuntimePolicy& policy,
                                     const std::vector<std::string>& shared_namespaces) {
  check_socket_file(socket);
  sandbox::UniqueFd control = connect_to(socket);
  ucred peer{};
  socklen_t length = sizeof(peer);
  if (::getsockopt(control.get(), SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0)
    unavailable(socket, std::string("SO_PEERCRED: ") + std::strerror(errno));
  if (peer.uid != ::geteuid())
    unavailable(socket, "the listener runs as uid " + std::to_string(peer.uid));

  pollfd p{control.get(), POLLIN, 0};
  int ready;
  do ready = ::poll(&p, 1, hello_timeout_ms);
  while (ready < 0 && errno == EINTR);
  std::optional<protocol::ControlMessage> hello;
  if (ready > 0) {
    try {
      hello = protocol::receive_control(control.get());
    } catch (const std::exception& error) {
      unavailable(socket, error.what());
    }
  }
  if (!hello) unavailable(socket, "no answer within 10 s");
  if (hello->body.value("op", "") != "ready")
    unavailable(socket, hello->body.value("error", std::string("unexpected answer")));
  json info = hello->body.value("info", json::object());
  const json service = info.value("service", json::object());
  if (service.value("listener_pid", -1) != peer.pid)
    unavailable(socket, "the service runs in another pid namespace (its pids and ours differ)");
  if (const std::string why = policy_mismatch(service, policy, shared_namespaces); !why.empty())
    unavailable(socket, "started for another policy: " + why);
  return {std::move(control), std::move(info), service.value("scratch", std::string())};
}

std::shared_ptr<ZygoteProcess> attach_or_spawn_zygote(
    const RuntimePolicy& policy, const std::vector<std::string>& shared_namespaces, json& how) {
  how = json::object();
  if (!policy.zygote_socket.empty()) {
    how["socket"] = policy.zygote_socket.string();
    try {
      auto zygote = std::make_shared<ZygoteProcess>(
          attach_zygote_service(policy.zygote_socket, policy, shared_namespaces));
      how["attached"] = true;
      return zygote;
    } catch (const ZygoteServiceUnavailable& error) {
      how["attached"] = false;
      how["fallback"] = error.what();
    }
  }
  if (policy.zygote_socket.empty() && policy.user_zygote_idle_exit.count() > 0) {
    try {
      auto zygote = std::make_shared<ZygoteProcess>(
          attach_or_start_user_service(policy, shared_namespaces, how));
      how["attached"] = true;
      return zygote;
    } catch (const RuntimeStartError& error) {
      how["attached"] = false;
      how["fallback"] = error.what();
    }
  }
  return std::make_shared<ZygoteProcess>(policy, shared_namespaces);
}

ZygoteService::ZygoteService(const RuntimePolicy& policy, const sandbox::HostProbe& host,
                             const std::filesystem::path& socket)
    : socket_(std::filesystem::absolute(socket)) {
  // Sessions of a root runtime run as an unprivileged uid, which can neither open the 0600 socket
  // nor pass the listener's uid check. Unprivileged, sessions would share the service's uid.
  if (::geteuid() != 0)
    throw RuntimeStartError(
        "the zygote service runs as root only (otherwise sessions run as "
        "the service's own uid and could reach its socket)");
  zygote_ = std::make_unique<ZygoteProcess>(policy, zygote_namespaces(policy, host), socket_);
}

ZygoteService::~ZygoteService() {
  zygote_.reset();
  struct stat status {};
  if (::lstat(socket_.c_str(), &status) != 0 || !S_ISSOCK(status.st_mode)) return;
  try {
    connect_to(socket_);  // a live service took the path over: leave it
  } catch (const ZygoteServiceUnavailable&) {
    ::unlink(socket_.c_str());
  }
}

bool ZygoteService::running() const {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(zygote_->pid()), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return false;
  return info.si_pid == 0;
}

}  // namespace gradebox::runtime
