// WorkerSession: opening a session child and waiting for its ready frame, its death and its
// close. Its cells are cell_execution.cpp, its editor services editor_requests.cpp.
#include "kernel/runtime/worker_session.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kernel/protocol/session_handoff.hpp"
#include "kernel/runtime/death_reason.hpp"
#include "kernel/runtime/session_opening.hpp"
#include "kernel/runtime/worker_frames.hpp"

namespace gradebox::runtime {
namespace {

using nlohmann::json;
using protocol::FrameType;
using protocol::Received;

constexpr auto ready_timeout = std::chrono::seconds(30);
constexpr auto exit_report_timeout = std::chrono::seconds(5);

}  // namespace

WorkerSession::WorkerSession(std::shared_ptr<ZygoteProcess> zygote,
                             std::shared_ptr<ConfinementStock> confinements,
                             const RuntimePolicy& policy, const SessionOptions& options,
                             long long id, bool warm_up)
    : zygote_(std::move(zygote)), policy_(policy), id_(id), confinements_(std::move(confinements)) {
  std::filesystem::path cwd = options.working_directory;
  if (cwd.empty()) cwd = scratch_.emplace(make_session_scratch()).path();
  cwd = std::filesystem::absolute(cwd);
  hand_to_sandbox_user(cwd);
  const json environment = session_environment(cwd, options, policy_);
  std::vector<std::filesystem::path> readable = {zygote_->scratch()};
  readable.insert(readable.end(), policy_.readable_paths.begin(), policy_.readable_paths.end());
  confinement_.emplace(confinements_->take(), cwd, environment_lines(environment),
                       std::move(readable));
  // The child's frame socket is fd 3 by the time it applies the plan.
  sandbox::ChildPlan plan = confinement_->child_plan(3);
  const std::string inherited = inherit_zygote_namespaces(plan.namespaces, *zygote_);
  start_child(session_request(cwd, environment, warm_up, plan));
  wait_until_ready(inherited);
}

void WorkerSession::start_child(const json& request) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw SessionError(std::string("socketpair for a session: ") + std::strerror(errno));
  sandbox::UniqueFd ours(pair[0]), theirs(pair[1]);
  int key_pipe[2];
  if (::pipe2(key_pipe, O_CLOEXEC) != 0)
    throw SessionError(std::string("pipe for the session key: ") + std::strerror(errno));
  sandbox::UniqueFd key_read(key_pipe[0]), key_write(key_pipe[1]);
  // Straight to the child through its key pipe: the zygote never sees this session's paths.
  protocol::SessionKey key = protocol::SessionKey::generate();
  try {
    protocol::write_session_handoff(key_write.get(), key, request);
  } catch (const std::exception& error) {  // a failed write, or a request JSON cannot encode
    throw SessionError(std::string("cannot hand the session its request: ") + error.what());
  }
  key_write.reset();
  OpenedChild child = zygote_->open(id_, json::object(), {theirs.get(), key_read.get()});
  theirs.reset();
  key_read.reset();
  pid_ = child.pid;
  pidfd_ = std::move(child.pidfd);
  confinement_->adopt(pid_);
  channel_ = std::make_unique<protocol::FrameChannel>(std::move(ours), std::move(key),
                                                      protocol::Direction::to_worker);
}

void WorkerSession::wait_until_ready(const std::string& inherited_namespaces) {
  for (;;) {
    Received ready = channel_->receive(ready_timeout, pidfd_.get());
    if (ready.status == Received::Status::interrupted) continue;
    std::string problem;
    if (ready.status == Received::Status::frame && ready.frame.type == FrameType::ready) {
      const json body = json::parse(ready.frame.payload, nullptr, false);
      if (body.is_object() && !body.contains("error")) {
        if (const auto it = body.find("layers"); it != body.end() && it->is_array())
          for (const auto& layer : *it)
            if (layer.is_string()) layers_.push_back(layer.get<std::string>());
        if (!inherited_namespaces.empty())
          layers_.push_back("namespaces:" + inherited_namespaces + " (zygote's)");
        return;
      }
      problem = body.is_object() ? text_field(body, "error") : "malformed ready frame";
    } else if (ready.status == Received::Status::tampered) {
      problem = ready.problem;
    }
    const CellVerdict death = record_death(std::nullopt, "");
    close({});
    throw SessionError("the session child did not start: " +
                       (problem.empty() ? death.reason : problem));
  }
}

WorkerSession::~WorkerSession() {
  close({});
}

void WorkerSession::send_signal(int signal) {
  std::lock_guard lock(state_mutex_);
  if (pidfd_) ::syscall(SYS_pidfd_send_signal, pidfd_.get(), signal, nullptr, 0);
}

CellVerdict WorkerSession::record_death(std::optional<VerdictKind> cause,
                                        const std::string& cause_reason) {
  {
    std::lock_guard lock(state_mutex_);
    if (death_) return *death_;
  }
  send_signal(SIGKILL);
  confinement_->kill_all();
  CellVerdict verdict = death_verdict(zygote_->wait_exit(id_, exit_report_timeout),
                                      confinement_->evidence(), policy_);
  if (cause) {
    verdict.verdict = *cause;
    verdict.reason = cause_reason;
  }
  verdict.isolation_level = confinement_->isolation_level();
  std::lock_guard lock(state_mutex_);
  death_ = verdict;
  return verdict;
}

void WorkerSession::interrupt() {
  if (alive()) send_signal(SIGINT);
}

void WorkerSession::close(const ShutdownRequest&) {
  bool dead;
  {
    std::lock_guard lock(state_mutex_);
    if (closed_) return;
    closed_ = true;
    dead = death_.has_value();
  }
  if (channel_ && !dead) {
    try {
      channel_->send(FrameType::shutdown, "{}");
    } catch (const protocol::ChannelClosed&) {
      // already gone
    }
  }
  if (pid_ > 0 && !zygote_->wait_exit(id_, std::chrono::seconds(1))) {
    send_signal(SIGKILL);
    zygote_->wait_exit(id_, exit_report_timeout);
  }
  if (confinement_) confinement_->kill_all();
  if (pid_ > 0) zygote_->forget(id_);
  {
    std::lock_guard lock(state_mutex_);
    pidfd_.reset();
    if (!death_) {
      CellVerdict closed;
      closed.verdict = VerdictKind::internal_error;
      closed.reason = "the session was closed";
      closed.session_alive = false;
      death_ = closed;
    }
  }
  channel_.reset();
  scratch_.reset();
  // The next open's cgroups, now that nothing waits for this session.
  confinements_->refill();
}

bool WorkerSession::alive() const {
  std::lock_guard lock(state_mutex_);
  return !death_ && !closed_;
}

std::optional<CellVerdict> WorkerSession::death() const {
  std::lock_guard lock(state_mutex_);
  return death_;
}

}  // namespace gradebox::runtime
