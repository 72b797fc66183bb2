// Session implementation: one session child of the zygote, driven over an authenticated frame
// channel. Enforces the per-cell wall timeout (SIGINT, then kill after the grace period) and the
// output caps, and turns the child's death into a verdict. In parts: opening, death and close
// (worker_session.cpp), one cell (cell_execution.cpp), editor services (editor_requests.cpp),
// output written between requests (idle_output.cpp).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "kernel/protocol/frame_channel.hpp"
#include "kernel/runtime/cell_output_caps.hpp"
#include "kernel/runtime/confinement_stock.hpp"
#include "kernel/runtime/runtime.hpp"
#include "kernel/runtime/session_confinement.hpp"
#include "kernel/runtime/zygote_process.hpp"
#include "sandbox/scratch_dir.hpp"

namespace gradebox::runtime {

struct CellRun;  // one execute in progress (cell_execution.cpp)

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
  std::vector<sandbox::UniqueFd> idle_descriptors() const override;
  bool drain_idle_output(const EventCallback& on_event) override;
  int pid() const override { return pid_; }
  const RuntimePolicy& policy() const override { return policy_; }
  // Sandbox layers the child reported as active.
  const std::vector<std::string>& layers() const { return layers_; }

 private:
  // Opening: hands the child its request (through its key pipe) and starts it; then waits for
  // its ready frame, throwing SessionError when it does not come.
  void start_child(const nlohmann::json& request);
  void wait_until_ready(const std::string& inherited_namespaces);

  // One cell: sends it, then handles its frames until its verdict, stopping it (SIGINT, then the
  // kill after the grace period) at its wall time or output limit.
  CellVerdict run_cell(CellRun& run);
  std::optional<CellVerdict> handle_cell_frame(CellRun& run, const protocol::Frame& frame);
  // The child exited: what it wrote before dying, then its death.
  CellVerdict drain_after_exit(CellRun& run);
  void stop_cell(CellRun& run, VerdictKind cause, std::string reason);
  void answer_input(CellRun& run, const nlohmann::json& body);
  CellVerdict cell_verdict(CellRun& run, const nlohmann::json& body);

  // Between requests (idle_output.cpp): one frame the session wrote, as an event within the last
  // cell's caps; false when it ended the session (past the byte cap, or not an output frame).
  bool handle_idle_frame(const protocol::Frame& frame, const EventCallback& on_event);
  // A frame that arrived while an editor request waited for its reply: reported by the next
  // drain_idle_output (or execute), up to about the byte cap.
  void keep_for_idle_output(protocol::Frame frame);

  // Sends a request and waits for its single reply frame (editor services); nullopt when the
  // session is or becomes dead. Other frames meanwhile are kept for the idle output.
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
  // Output written between requests counts toward the last cell's caps (a fresh set before any).
  std::optional<CellOutputCaps> idle_caps_;
  std::vector<protocol::Frame> idle_backlog_;
  std::size_t idle_backlog_bytes_ = 0;
};

}  // namespace gradebox::runtime
