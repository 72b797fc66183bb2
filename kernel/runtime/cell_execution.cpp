// WorkerSession::execute: one cell, from its execute frame to its verdict. While it turns the
// worker's frames into events, the session enforces the cell's wall time (SIGINT, then the kill
// after the grace period) and its output caps (cell_output_caps.hpp).
#include <signal.h>

#include <algorithm>

#include "kernel/runtime/cell_output_caps.hpp"
#include "kernel/runtime/comm_frames.hpp"
#include "kernel/runtime/death_reason.hpp"
#include "kernel/runtime/memory_error_evidence.hpp"
#include "kernel/runtime/output_frames.hpp"
#include "kernel/runtime/worker_frames.hpp"
#include "kernel/runtime/worker_session.hpp"

namespace gradebox::runtime {

using nlohmann::json;
using protocol::FrameType;
using protocol::Received;
using Clock = std::chrono::steady_clock;

// One execute in progress.
struct CellRun {
  CellRun(const ExecuteRequest& request, const EventCallback& on_event,
          const InputCallback& on_input, const RuntimePolicy& policy)
      : request(request),
        on_event(on_event),
        on_input(on_input),
        caps(policy.limits),
        timeout(request.timeout ? request.timeout : policy.limits.wall_time) {
    if (timeout) deadline = started + *timeout;
  }

  const ExecuteRequest& request;
  const EventCallback& on_event;
  const InputCallback& on_input;
  CellOutputCaps caps;
  Clock::time_point started = Clock::now();
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<Clock::time_point> deadline;
  // Once the cell is being stopped (timeout, output limit): why, and when the kill comes.
  std::optional<VerdictKind> stop_cause;
  std::string stop_reason;
  std::optional<Clock::time_point> kill_at;

  void emit(const Event& event) const {
    if (on_event) on_event(event);
  }
  // How long the next receive may wait: until the kill, else the deadline, else forever.
  std::optional<std::chrono::milliseconds> wait() const {
    const auto next = kill_at ? kill_at : (stop_cause ? std::nullopt : deadline);
    if (!next) return std::nullopt;
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(*next - Clock::now()));
  }
};

namespace {

json execute_payload(const ExecuteRequest& request) {
  json execute = {{"code", request.code},
                  {"cell_id", request.cell_id},
                  {"silent", request.silent},
                  {"store_history", request.store_history},
                  {"allow_stdin", request.allow_stdin},
                  {"locked", request.locked}};
  if (request.execution_count) execute["execution_count"] = *request.execution_count;
  if (!request.jupyter_msg_id.empty()) execute["msg_id"] = request.jupyter_msg_id;
  return execute;
}

}  // namespace

CellVerdict WorkerSession::execute(const ExecuteRequest& request, const EventCallback& on_event,
                                   const InputCallback& on_input) {
  {
    std::lock_guard lock(state_mutex_);
    if (death_) return *death_;
    if (closed_) {
      CellVerdict closed;
      closed.reason = "execute on a closed session";
      closed.session_alive = false;
      return closed;
    }
  }
  // What the session wrote between requests and an editor request took in first (idle_output.cpp).
  if (!idle_backlog_.empty() && !drain_idle_output(on_event)) return *death();
  CellRun run(request, on_event, on_input, policy_);
  CellVerdict verdict = run_cell(run);
  idle_caps_.emplace(run.caps);  // what the cell's threads write next still counts toward it
  verdict.wall_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - run.started).count();
  verdict.isolation_level = confinement_->isolation_level();
  return verdict;
}

CellVerdict WorkerSession::run_cell(CellRun& run) {
  try {
    if (run.request.comm)
      channel_->send(FrameType::comm_delivery,
                     comm_delivery_payload(*run.request.comm, run.request.jupyter_msg_id).dump());
    else
      channel_->send(FrameType::execute, execute_payload(run.request).dump());
  } catch (const protocol::ChannelClosed&) {
    return record_death(std::nullopt, "");
  }
  for (;;) {
    Received received = channel_->receive(run.wait(), pidfd_.get());
    switch (received.status) {
      case Received::Status::interrupted:
        continue;
      case Received::Status::frame:
        if (auto verdict = handle_cell_frame(run, received.frame)) return *verdict;
        continue;
      case Received::Status::tampered:
        return record_death(VerdictKind::tampered, "tampered frame: " + received.problem);
      case Received::Status::closed:
        if (!received.problem.empty() && !run.stop_cause)
          return record_death(VerdictKind::tampered, "truncated frame: " + received.problem);
        return record_death(run.stop_cause, run.stop_reason);
      case Received::Status::timed_out:
        break;
    }
    if (channel_->extra_fd_ready()) return drain_after_exit(run);
    if (run.kill_at && Clock::now() >= *run.kill_at)
      return record_death(run.stop_cause, run.stop_reason);
    if (run.deadline && !run.stop_cause && Clock::now() >= *run.deadline)
      stop_cell(
          run, VerdictKind::timeout,
          "cell exceeded its wall-time limit of " + std::to_string(run.timeout->count()) + " ms");
  }
}

CellVerdict WorkerSession::drain_after_exit(CellRun& run) {
  // The child exited: deliver what it wrote before dying, then report the death.
  for (;;) {
    Received rest = channel_->receive(std::chrono::milliseconds(0));
    if (rest.status == Received::Status::frame) {
      if (auto verdict = handle_cell_frame(run, rest.frame)) return *verdict;
      continue;
    }
    if (rest.status == Received::Status::tampered)
      return record_death(VerdictKind::tampered, "tampered frame: " + rest.problem);
    if (rest.status == Received::Status::closed && !rest.problem.empty() && !run.stop_cause)
      return record_death(VerdictKind::tampered, "truncated frame: " + rest.problem);
    return record_death(run.stop_cause, run.stop_reason);
  }
}

void WorkerSession::stop_cell(CellRun& run, VerdictKind cause, std::string reason) {
  if (run.stop_cause) return;
  run.stop_cause = cause;
  run.stop_reason = std::move(reason);
  send_signal(SIGINT);
  run.kill_at = Clock::now() + policy_.interrupt_grace;
}

std::optional<CellVerdict> WorkerSession::handle_cell_frame(CellRun& run,
                                                            const protocol::Frame& frame) {
  const json body = json::parse(frame.payload, nullptr, false);
  if (!body.is_object())
    return record_death(VerdictKind::tampered, "malformed frame payload (not a JSON object)");
  const bool output = emit_output_frame(frame, body, run.caps, run.on_event);
  if (run.caps.over_byte_cap())
    stop_cell(
        run, VerdictKind::output_limit,
        "output limit of " + format_bytes(policy_.limits.output_bytes) + " per cell exceeded");
  if (output) return std::nullopt;
  switch (frame.type) {
    case FrameType::input_request:
      answer_input(run, body);
      return std::nullopt;
    case FrameType::cell_done:
      return cell_verdict(run, body);
    default:
      return record_death(VerdictKind::tampered, std::string("unexpected frame type ") +
                                                     protocol::to_string(frame.type) +
                                                     " during a cell");
  }
}

void WorkerSession::answer_input(CellRun& run, const json& body) {
  const InputRequestEvent asked{text_field(body, "prompt"), body.value("password", false)};
  run.emit(asked);
  std::optional<InputReply> reply;
  if (run.request.allow_stdin && run.on_input) reply = run.on_input(asked);
  try {
    // The request's id, so that the worker can drop a reply to an older request.
    json answer = {{"id", body.contains("id") ? body["id"] : json(0)}};
    if (reply) answer["value"] = reply->value;
    channel_->send(FrameType::input_reply, answer.dump());
  } catch (const protocol::ChannelClosed&) {
    // the death shows up on the next receive
  }
}

CellVerdict WorkerSession::cell_verdict(CellRun& run, const json& body) {
  CellVerdict verdict;
  const bool failed = text_field(body, "status") != "ok";
  verdict.verdict = failed ? VerdictKind::error : VerdictKind::ok;
  verdict.execution_count = body.value("execution_count", 0);
  if (failed) {
    ErrorEvent error = error_event(object_field(body, "error"));
    run.caps.cap_traceback(error.traceback);
    verdict.error = std::move(error);
    verdict.reason = verdict.error->ename + ": " + verdict.error->evalue;
    if (const auto evidence = rlimit_memory_evidence(
            *verdict.error, confinement_->isolation_level(), policy_, pid_)) {
      verdict.verdict = VerdictKind::memory_limit;
      verdict.reason = "memory limit of " + format_bytes(policy_.limits.memory_bytes) +
                       " exceeded; " + *evidence;
    }
  }
  if (body.contains("value_text") && body["value_text"].is_string())
    verdict.value_text = body["value_text"].get<std::string>();
  read_payloads(body, verdict);
  verdict.integrity = integrity_findings(body);
  const json usage = object_field(body, "usage");
  verdict.cpu_ms = usage.value("cpu_ms", 0LL);
  verdict.peak_memory_bytes = usage.value("peak_memory_bytes", 0LL);
  verdict.output_truncated = run.caps.truncated();
  if (run.stop_cause) {
    verdict.verdict = *run.stop_cause;
    verdict.reason = run.stop_reason;
  }
  return verdict;
}

}  // namespace gradebox::runtime
