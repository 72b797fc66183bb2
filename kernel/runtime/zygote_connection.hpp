// The trusted side of the zygote service (kernel/worker/zygote_service.hpp): starting one for a
// policy (`gradebox runtime-serve`), and attaching a Runtime to it instead of spawning a zygote
// (RuntimePolicy::zygote_socket), with a fallback to spawning when it cannot be used.
//
// Attaching checks, and refuses with the reason when any fails: the socket file is a socket
// owned by our euid with no group/other permission; the listening peer (SO_PEERCRED) has our
// uid and is the service's listener in our pid namespace (session pids and cgroups mean the
// same to both sides); the service's zygote was started as this policy would start one (python
// mode, preload list, shared namespaces) from the same gradebox-worker file. The trusted side
// still creates every session's cgroup, key and scratch dir itself (worker_session.cpp).
#pragma once

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kernel/runtime/runtime.hpp"
#include "kernel/runtime/zygote_process.hpp"

namespace gradebox::runtime {

// Why a zygote service could not be used (absent, stale, foreign owner, policy mismatch, ...).
struct ZygoteServiceUnavailable : RuntimeStartError {
  using RuntimeStartError::RuntimeStartError;
};

// The namespaces a zygote for `policy` enters for all its sessions on `host` (runtime.cpp).
std::vector<std::string> zygote_namespaces(const RuntimePolicy& policy,
                                           const sandbox::HostProbe& host);
// The gradebox-worker executable `policy` starts (zygote_process.cpp).
std::filesystem::path find_worker(const RuntimePolicy& policy);

// Connects to the service at `socket` and waits for its connection zygote. Throws
// ZygoteServiceUnavailable.
AttachedZygote attach_zygote_service(const std::filesystem::path& socket,
                                     const RuntimePolicy& policy,
                                     const std::vector<std::string>& shared_namespaces);

// policy.zygote_socket set: attach, else policy.user_zygote_idle_exit set: attach to (or start)
// this uid's service (user_zygote_service.hpp); else, or when that fails, spawn a zygote. `how`
// gets {"attached": bool, "socket": path, "fallback": why attaching failed} (empty object when
// no service was configured).
std::shared_ptr<ZygoteProcess> attach_or_spawn_zygote(
    const RuntimePolicy& policy, const std::vector<std::string>& shared_namespaces,
    nlohmann::json& how);

// A running zygote service: the worker started with --listen, stopped (its connections and their
// sessions killed, the socket removed) when this object goes.
class ZygoteService {
 public:
  // Throws RuntimeStartError (not root, socket in use, worker failed to start).
  ZygoteService(const RuntimePolicy& policy, const sandbox::HostProbe& host,
                const std::filesystem::path& socket);
  // Stops the worker; removes the socket file too if the worker could not (it was killed), unless
  // another service listens there by now.
  ~ZygoteService();
  ZygoteService(const ZygoteService&) = delete;
  ZygoteService& operator=(const ZygoteService&) = delete;
  pid_t pid() const { return zygote_->pid(); }
  const nlohmann::json& info() const { return zygote_->info(); }
  // False once the service process has exited (it was killed, or crashed).
  bool running() const;

 private:
  std::filesystem::path socket_;
  std::unique_ptr<ZygoteProcess> zygote_;
};

}  // namespace gradebox::runtime
