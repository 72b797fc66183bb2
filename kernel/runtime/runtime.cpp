// Runtime::start and the runtime object: one zygote, sessions numbered from 1.
#include "kernel/runtime/runtime.hpp"

#include <atomic>
#include <mutex>

#include "kernel/runtime/worker_session.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/probe.hpp"

namespace gradebox::runtime {
namespace {

class WorkerRuntime final : public Runtime {
 public:
  WorkerRuntime(const RuntimePolicy& policy, sandbox::HostProbe host)
      : policy_(policy),
        host_(std::make_shared<const sandbox::HostProbe>(std::move(host))),
        isolation_level_(isolation_level_for(policy_, *host_)),
        zygote_(std::make_shared<ZygoteProcess>(policy_)) {}

  std::unique_ptr<Session> open_session(const SessionOptions& options) override {
    auto session =
        std::make_unique<WorkerSession>(zygote_, host_, policy_, options, next_session_++);
    std::lock_guard lock(layers_mutex_);
    layers_ = session->layers();
    return session;
  }
  nlohmann::json worker_info() const override {
    nlohmann::json info = zygote_->info();
    info["isolation_level"] = isolation_level_;
    std::lock_guard lock(layers_mutex_);
    if (layers_) info["layers"] = *layers_;
    return info;
  }
  const RuntimePolicy& policy() const override { return policy_; }

 private:
  RuntimePolicy policy_;
  std::shared_ptr<const sandbox::HostProbe> host_;
  std::string isolation_level_;
  std::shared_ptr<ZygoteProcess> zygote_;
  std::atomic<long long> next_session_{1};
  mutable std::mutex layers_mutex_;
  std::optional<std::vector<std::string>> layers_;  // of the newest session
};

}  // namespace

std::unique_ptr<Runtime> Runtime::start(const RuntimePolicy& policy) {
  return start(policy, sandbox::probe_host());
}

std::unique_ptr<Runtime> Runtime::start(const RuntimePolicy& policy, sandbox::HostProbe host) {
  return std::make_unique<WorkerRuntime>(policy, std::move(host));
}

std::string isolation_level_for(const RuntimePolicy& policy, const sandbox::HostProbe& host) {
  sandbox::IsolationLevel level = host.best_level();
  if (const auto cap = sandbox::parse_isolation_level(policy.max_isolation_level); cap && *cap < level)
    level = *cap;
  return std::string(sandbox::to_string(level));
}

}  // namespace gradebox::runtime
