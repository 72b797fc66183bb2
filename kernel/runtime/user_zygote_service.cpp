// The per-user service's place, name, start lock and start (user_zygote_service.hpp).
#include "kernel/runtime/user_zygote_service.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "kernel/runtime/zygote_connection.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::runtime {
namespace {

[[noreturn]] void unavailable(const std::string& why) {
  throw ZygoteServiceUnavailable("per-user zygote service: " + why);
}

// A directory of ours, not a link, that group and others cannot write (`private_only`: nor
// read or enter).
bool owned_directory(const std::filesystem::path& path, bool private_only) {
  struct stat status {};
  if (::lstat(path.c_str(), &status) != 0 || !S_ISDIR(status.st_mode)) return false;
  const mode_t forbidden = private_only ? 077 : 022;
  return status.st_uid == ::geteuid() && (status.st_mode & forbidden) == 0;
}

std::filesystem::path private_directory(const std::filesystem::path& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST)
    unavailable("cannot make " + path.string() + ": " + std::strerror(errno));
  if (!owned_directory(path, true))
    unavailable(path.string() + " is not a directory of uid " + std::to_string(::geteuid()) +
                " with mode 0700 (remove it, or set XDG_RUNTIME_DIR)");
  return path;
}

// FNV-1a: a stable name for a service identity, not a security measure (the attach checks are).
std::string identity_hash(const std::string& identity) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : identity) hash = (hash ^ c) * 1099511628211ull;
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

std::string service_identity(const RuntimePolicy& policy,
                             const std::vector<std::string>& shared_namespaces) {
  std::error_code error;
  const auto worker = std::filesystem::canonical(find_worker(policy), error);
  struct stat status {};
  if (error || ::stat(worker.c_str(), &status) != 0)
    unavailable("gradebox-worker not found (" + find_worker(policy).string() + ")");
  std::string identity = worker.string() + "\n" + std::to_string(status.st_ino) + "\n" +
                         policy.python_mode + "\n" + (policy.warm_completion ? "w" : "-") +
                         (policy.spare_session_child ? "s" : "-");
  for (const auto& name : policy.preload_modules) identity += "\npreload " + name;
  for (const auto& name : shared_namespaces) identity += "\nnamespace " + name;
  return identity;
}

// Holds the start lock while it lives: one kernel starts the service, the others wait for it.
sandbox::UniqueFd lock_start(const std::filesystem::path& lock) {
  sandbox::UniqueFd fd(::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) unavailable("cannot open " + lock.string() + ": " + std::strerror(errno));
  int locked;
  do locked = ::flock(fd.get(), LOCK_EX);
  while (locked != 0 && errno == EINTR);
  if (locked != 0) unavailable("cannot lock " + lock.string() + ": " + std::strerror(errno));
  return fd;
}

bool requires_seccomp(const RuntimePolicy& policy) {
  const auto& layers = policy.required_layers;
  return std::find(layers.begin(), layers.end(), "seccomp") != layers.end();
}

}  // namespace

RuntimePolicy user_service_policy(RuntimePolicy policy, const sandbox::HostProbe& host) {
  const bool asks = policy.zygote_socket.empty() && policy.user_zygote_idle_exit.count() > 0;
  if (asks && ::geteuid() != 0 && host.seccomp && !requires_seccomp(policy))
    policy.required_layers.push_back("seccomp");
  return policy;
}

std::filesystem::path user_service_directory() {
  if (const char* runtime_dir = std::getenv("XDG_RUNTIME_DIR");
      runtime_dir && *runtime_dir == '/' && owned_directory(runtime_dir, false))
    return private_directory(std::filesystem::path(runtime_dir) / "gradebox");
  return private_directory(std::filesystem::temp_directory_path() /
                           ("gradebox-" + std::to_string(::geteuid())));
}

AttachedZygote attach_or_start_user_service(const RuntimePolicy& policy,
                                            const std::vector<std::string>& shared_namespaces,
                                            nlohmann::json& how) {
  if (::geteuid() != 0 && !requires_seccomp(policy))
    unavailable(
        "an unprivileged kernel shares a warm zygote only where its sessions get the "
        "seccomp filter, and this host has no seccomp");
  const auto directory = user_service_directory();
  const std::string name = "zygote-" + identity_hash(service_identity(policy, shared_namespaces));
  const auto socket = directory / (name + ".sock");
  how["socket"] = socket.string();
  how["started"] = false;
  try {
    return attach_zygote_service(socket, policy, shared_namespaces);
  } catch (const ZygoteServiceUnavailable&) {
    // none yet, or a stale socket: start one below, unless another kernel does it first
  }
  const auto lock = lock_start(directory / (name + ".lock"));
  try {
    return attach_zygote_service(socket, policy, shared_namespaces);
  } catch (const ZygoteServiceUnavailable&) {
    // still none: ours to start
  }
  {
    const ZygoteProcess started(policy, shared_namespaces, socket, policy.user_zygote_idle_exit);
    how["started"] = true;
  }
  return attach_zygote_service(socket, policy, shared_namespaces);
}

}  // namespace gradebox::runtime
