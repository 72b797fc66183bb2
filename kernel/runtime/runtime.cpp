// Runtime::start and the runtime object: one zygote, sessions numbered from 1.
#include "kernel/runtime/runtime.hpp"

#include <atomic>

#include "kernel/runtime/worker_session.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/probe.hpp"

namespace gradebox::runtime {
namespace {

class WorkerRuntime final : public Runtime {
 public:
  explicit WorkerRuntime(const RuntimePolicy& policy)
      : policy_(policy),
        host_(std::make_shared<const sandbox::HostProbe>(sandbox::probe_host())),
        zygote_(std::make_shared<ZygoteProcess>(policy_)) {}

  std::unique_ptr<Session> open_session(const SessionOptions& options) override {
    return std::make_unique<WorkerSession>(zygote_, host_, policy_, options, next_session_++);
  }
  nlohmann::json worker_info() const override { return zygote_->info(); }
  const RuntimePolicy& policy() const override { return policy_; }

 private:
  RuntimePolicy policy_;
  std::shared_ptr<const sandbox::HostProbe> host_;
  std::shared_ptr<ZygoteProcess> zygote_;
  std::atomic<long long> next_session_{1};
};

}  // namespace

std::unique_ptr<Runtime> Runtime::start(const RuntimePolicy& policy) {
  return std::make_unique<WorkerRuntime>(policy);
}

}  // namespace gradebox::runtime
