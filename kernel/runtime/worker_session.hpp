// Session implementation: one session child of the zygote, driven over an authenticated frame
// channel. Enforces the per-cell wall timeout (SIGINT, then kill after the grace period) and the
// output caps, and turns the child's death into a verdict.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "kernel/protocol/frame_channel.hpp"
#include "kernel/runtime/confinement_stock.hpp"
#include "kernel/runtime/runtime.hpp"
#include "kernel/runtime/session_confinement.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/scratch_dir.hpp"

namespace gradebox::runtime {

class WorkerSession final : public Session {
 public:
  // Opens the child and waits for its ready frame; throws SessionError. `warm_up`: the child
  // runs an empty cell before it reports ready, so that its first real cell does not pay the
  // copy-on-write faults (for a reserved session, whose opening nobody waits for; a session
  // opened on demand would only pay them earlier, on the open path).
  // Its cgroups come from `confinements`, which it refills when it closes.
  WorkerSession(std::shared_ptr<ZygoteProcess> zygote,
                std::shared_ptr<ConfinementStock> confinements, const RuntimePolicy& policy,
                const SessionOptions& options, long long id, bool warm_up = false);
  ~WorkerSession() override;

  CellVerdict execute(const ExecuteRequest& request, const EventCallback& on_event,
                      const InputCallback& on_input) override;
  CompleteReply complete(const CompleteRequest& request) override;
  InspectReply inspect(const InspectRequest& request) override;
  IsCompleteReply is_complete(const IsCompleteRequest& request) override;
  HistoryReply history(const HistoryRequest& request) override;
  void interrupt() override;
  void close(const ShutdownRequest& request) override;
  bool alive() const override;
  std::optional<CellVerdict> death() const override;
  int pid() const override { return pid_; }
  const RuntimePolicy& policy() const override { return policy_; }
  // Sandbox layers the child reported as active.
  const std::vector<std::string>& layers() const { return layers_; }

 private:
  // Sends a request and waits for its single reply frame (editor services); nullopt when the
  // session is or becomes dead.
  std::optional<nlohmann::json> round_trip(protocol::FrameType request_type,
                                           const nlohmann::json& payload,
                                           protocol::FrameType reply_type);
  // Kills the child (if needed), collects its exit and records the death verdict. `cause`
  // overrides the exit-derived verdict (timeout, output_limit, tampered).
  CellVerdict record_death(std::optional<VerdictKind> cause, const std::string& cause_reason);
  void send_signal(int signal);

  std::shared_ptr<ZygoteProcess> zygote_;
  RuntimePolicy policy_;  // a copy: sessions may outlive their Runtime object
  long long id_;
  std::shared_ptr<ConfinementStock> confinements_;
  // Ours when the caller named no directory; declared before confinement_ so that, should the
  // constructor throw, the session's processes are killed before it is removed.
  std::optional<sandbox::ScratchDir> scratch_;
  std::optional<SessionConfinement> confinement_;
  pid_t pid_ = -1;
  sandbox::UniqueFd pidfd_;
  std::unique_ptr<protocol::FrameChannel> channel_;
  mutable std::mutex state_mutex_;  // guards death_, pidfd_ use, closed_
  std::optional<CellVerdict> death_;
  std::vector<std::string> layers_;
  bool closed_ = false;
};

}  // namespace gradebox::runtime
