// Runtime::start and the runtime object: one zygote, sessions numbered from 1.
#include "kernel/runtime/runtime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <mutex>

#include "kernel/runtime/user_zygote_service.hpp"
#include "kernel/runtime/worker_session.hpp"
#include "kernel/runtime/zygote_connection.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/landlock.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/required_layers.hpp"
#include "sandbox/scratch_dir.hpp"

namespace gradebox::runtime {

// Namespaces the zygote enters once, for every session, instead of each session creating its
// own (a network namespace costs milliseconds to create and tear down). Sharing them between
// sessions is safe only because:
//  - net: the namespace is empty (a loopback that is down); seccomp refuses every socket that
//    is not AF_UNIX; pathname Unix sockets do not belong to a network namespace anyway; the only
//    shared objects left are abstract Unix sockets, and Landlock ABI >= 6 scopes those to the
//    session's own domain (LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET), as it scopes signals
//    (LANDLOCK_SCOPE_SIGNAL): one session cannot connect to, or signal, another. Nothing
//    outlives a session in the namespace.
//  - uts: holds the hostname "gradebox" only, and a session cannot change it (the namespace
//    belongs to the initial user namespace, in which a session holds no capability).
// Hence: only without network access, with Landlock ABI >= 6, and as root (unsharing needs
// CAP_SYS_ADMIN). Otherwise (and for a namespace the zygote could not enter) each session still
// creates its own. ipc and mount namespaces stay per session (SysV IPC objects are not scoped).
//
// "pid" is the opposite: a new pid namespace for each session, its child as init. It is asked
// for at the rlimit level, where no cgroup holds a session's processes: a process that left the
// session's tree (double fork, setsid) would otherwise outlive the session; the kernel kills
// everything in the namespace when its init exits. Creating one needs root.
std::vector<std::string> zygote_namespaces(const RuntimePolicy& policy,
                                           const sandbox::HostProbe& host) {
  std::vector<std::string> names;
  if (host.root && host.namespaces.pid && isolation_level_for(policy, host) == "rlimit")
    names.push_back("pid");
  const bool scoped = sandbox::landlock::scopes_sockets_and_signals(host.landlock_abi);
  if (policy.network || !scoped || !host.root) return names;
  if (host.namespaces.net) names.push_back("net");
  if (host.namespaces.uts) names.push_back("uts");
  return names;
}

namespace {

class WorkerRuntime final : public Runtime {
 public:
  WorkerRuntime(const RuntimePolicy& policy, sandbox::HostProbe host)
      : policy_(user_service_policy(policy, host)),
        host_(std::make_shared<const sandbox::HostProbe>(std::move(host))),
        isolation_level_(isolation_level_for(policy_, *host_)),
        confinements_(std::make_shared<ConfinementStock>(policy_, host_)),
        zygote_(attach_or_spawn_zygote(policy_, zygote_namespaces(policy_, *host_), zygote_how_)) {
    confinements_->refill();
  }

  ~WorkerRuntime() override {
    std::lock_guard lock(reserved_mutex_);
    reserved_.clear();  // waits for each opening, then closes it
  }

  std::unique_ptr<Session> open_session(const SessionOptions& options) override {
    std::optional<std::future<std::unique_ptr<Session>>> waiting;
    {
      std::lock_guard lock(reserved_mutex_);
      const auto it = std::find_if(reserved_.begin(), reserved_.end(),
                                   [&](const Reserved& r) { return same(r.options, options); });
      if (it != reserved_.end()) {
        waiting = std::move(it->session);
        reserved_.erase(it);
      }
    }
    if (waiting) {
      try {
        if (auto session = waiting->get(); session && session->alive()) return session;
      } catch (const std::exception&) {
        // opened afresh below, which reports the error
      }
    }
    return open_now(options, false);
  }

  void reserve_session(const SessionOptions& options) override {
    auto opening =
        std::async(std::launch::async, [this, options] { return open_now(options, true); });
    std::optional<Reserved> evicted;
    {
      std::lock_guard lock(reserved_mutex_);
      if (reserved_.size() >= max_reserved_sessions) {
        evicted = std::move(reserved_.front());
        reserved_.pop_front();
      }
      reserved_.push_back({options, std::move(opening)});
    }
    // `evicted` is closed here, outside the lock.
  }

  nlohmann::json worker_info() const override {
    nlohmann::json info = zygote_->info();
    info["isolation_level"] = isolation_level_;
    if (!zygote_how_.empty()) info["zygote"] = zygote_how_;
    std::lock_guard lock(layers_mutex_);
    if (layers_) info["layers"] = *layers_;
    return info;
  }
  const RuntimePolicy& policy() const override { return policy_; }

 private:
  struct Reserved {
    SessionOptions options;
    std::future<std::unique_ptr<Session>> session;
  };

  static bool same(const SessionOptions& a, const SessionOptions& b) {
    return a.working_directory == b.working_directory && a.environment == b.environment;
  }

  std::unique_ptr<Session> open_now(const SessionOptions& options, bool warm_up) {
    auto session = std::make_unique<WorkerSession>(zygote_, confinements_, policy_, options,
                                                   next_session_++, warm_up);
    std::lock_guard lock(layers_mutex_);
    layers_ = session->layers();
    return session;
  }

  RuntimePolicy policy_;
  std::shared_ptr<const sandbox::HostProbe> host_;
  std::string isolation_level_;
  std::shared_ptr<ConfinementStock> confinements_;
  nlohmann::json zygote_how_ = nlohmann::json::object();  // attached to a service, or why not
  std::shared_ptr<ZygoteProcess> zygote_;
  std::atomic<long long> next_session_{1};
  mutable std::mutex layers_mutex_;
  std::optional<std::vector<std::string>> layers_;  // of the newest session
  std::mutex reserved_mutex_;
  std::deque<Reserved> reserved_;  // last member: closed before the zygote goes
};

}  // namespace

std::unique_ptr<Runtime> Runtime::start(const RuntimePolicy& policy) {
  return start(policy, sandbox::probe_host());
}

std::unique_ptr<Runtime> Runtime::start(const RuntimePolicy& policy, sandbox::HostProbe host) {
  const std::string level = isolation_level_for(policy, host);
  if (const auto required = sandbox::parse_isolation_level(policy.required_isolation_level);
      required && *sandbox::parse_isolation_level(level) < *required)
    throw RuntimeStartError(fmt::format(
        "isolation level {} is required but sessions here would run at {} (cgroup2: {}; "
        "cgroup1: {}). Run `gradebox doctor` on this host, or lower the required level if {} "
        "is acceptable",
        policy.required_isolation_level, level, host.cgroup2.reason, host.cgroup1.reason, level));
  if (const auto missing = sandbox::missing_on_host(host, policy.required_layers); !missing.empty())
    throw RuntimeStartError(sandbox::describe_missing(missing) +
                            ". Run `gradebox doctor` on this host, or stop requiring the layer "
                            "(--require-landlock, gradebox.toml isolation.require)");
  // Scratch dirs of runtimes (and gradebox-runs) that were SIGKILLed: nobody else removes them.
  sandbox::sweep_abandoned_scratch_dirs(sandbox::Policy{}.drop_uid);
  return std::make_unique<WorkerRuntime>(policy, std::move(host));
}

std::string isolation_level_for(const RuntimePolicy& policy, const sandbox::HostProbe& host) {
  sandbox::IsolationLevel level = host.best_level();
  if (const auto cap = sandbox::parse_isolation_level(policy.max_isolation_level);
      cap && *cap < level)
    level = *cap;
  return std::string(sandbox::to_string(level));
}

}  // namespace gradebox::runtime
