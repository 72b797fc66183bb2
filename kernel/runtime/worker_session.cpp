// WorkerSession: opening a session child, the execute loop, limits, death.
#include "kernel/runtime/worker_session.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "kernel/protocol/session_handoff.hpp"
#include "kernel/runtime/cell_output_caps.hpp"
#include "kernel/runtime/death_reason.hpp"
#include "kernel/runtime/memory_error_evidence.hpp"
#include "sandbox/policy.hpp"

namespace gradebox::runtime {
namespace {

using nlohmann::json;
using protocol::FrameType;
using protocol::Received;
using Clock = std::chrono::steady_clock;

constexpr auto ready_timeout = std::chrono::seconds(30);
constexpr auto exit_report_timeout = std::chrono::seconds(5);

sandbox::ScratchDir make_session_scratch() {
  try {
    return sandbox::ScratchDir::create("session");
  } catch (const std::system_error& error) {
    throw SessionError(std::string("session scratch dir: ") + error.what());
  }
}

// The session's dir belongs to the sandbox's unprivileged uid when we are root (see
// SessionOptions::working_directory).
void hand_to_sandbox_user(const std::filesystem::path& dir) {
  if (::geteuid() != 0) return;
  const sandbox::Policy defaults;
  std::error_code error;
  ::lchown(dir.c_str(), defaults.drop_uid, defaults.drop_gid);
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
    ::lchown(it->path().c_str(), defaults.drop_uid, defaults.drop_gid);
}

json session_environment(const std::filesystem::path& cwd, const SessionOptions& options) {
  json env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"},
              {"HOME", cwd.string()},
              {"LANG", "C.UTF-8"},
              {"OPENBLAS_NUM_THREADS", "1"},
              {"OMP_NUM_THREADS", "1"},
              {"MPLBACKEND", "module://matplotlib_inline.backend_inline"},
              {"MPLCONFIGDIR", cwd.string()},
              {"PYDEVD_DISABLE_FILE_VALIDATION", "1"}};
  for (const auto& [name, value] : options.environment) env[name] = value;
  return env;
}

// Namespaces the zygote entered for every session (see zygote_namespaces in runtime.cpp) are
// inherited by the child, not created again. Returns their names ("net,uts"), for the layers.
std::string inherit_zygote_namespaces(sandbox::namespaces::Request& wanted,
                                      const ZygoteProcess& zygote) {
  std::string inherited;
  const auto inherit = [&](bool& create, const char* name) {
    if (!create || !zygote.shares_namespace(name)) return;
    create = false;
    inherited += (inherited.empty() ? "" : ",") + std::string(name);
  };
  inherit(wanted.net, "net");
  inherit(wanted.uts, "uts");
  return inherited;
}

std::string text_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json object_field(const json& body, const char* name) {
  const auto it = body.find(name);
  return it != body.end() && it->is_object() ? *it : json::object();
}

ErrorEvent error_event(const json& body) {
  ErrorEvent error{text_field(body, "ename"), text_field(body, "evalue"), {}};
  if (const auto it = body.find("traceback"); it != body.end() && it->is_array())
    for (const auto& line : *it)
      if (line.is_string()) error.traceback.push_back(line.get<std::string>());
  return error;
}

// cell_done's "payload" into the verdict: pager texts ({"data": {mime: text}}), %load's next
// input and exit()'s request; malformed entries are dropped.
void read_payloads(const json& body, CellVerdict& verdict) {
  const auto it = body.find("payload");
  if (it == body.end() || !it->is_array()) return;
  for (const auto& entry : *it) {
    if (!entry.is_object()) continue;
    const json source = entry.value("source", json());
    if (source == "set_next_input" && entry.value("text", json()).is_string()) {
      verdict.next_input = NextInputPayload{entry["text"].get<std::string>(),
                                            entry.value("replace", json()) == true};
      continue;
    }
    if (source == "ask_exit") {
      verdict.exit_request = ExitRequest{entry.value("keepkernel", json()) == true};
      continue;
    }
    PagePayload page;
    const json data = object_field(entry, "data");
    for (const auto& [mime, text] : data.items())
      if (text.is_string()) page.data[mime] = text;
    if (page.data.empty()) continue;
    if (const auto start = entry.find("start"); start != entry.end() && start->is_number_integer())
      page.start = start->get<int>();
    verdict.pages.push_back(std::move(page));
  }
}

// cell_done's "integrity": [{kind, detail}] with known kinds; anything else is dropped.
std::vector<IntegrityFinding> integrity_findings(const json& body) {
  std::vector<IntegrityFinding> findings;
  const auto it = body.find("integrity");
  if (it == body.end() || !it->is_array()) return findings;
  for (const auto& entry : *it) {
    if (!entry.is_object()) continue;
    const std::string kind = text_field(entry, "kind");
    if (kind != "native_code" && kind != "raw_memory" && kind != "interpreter_tampered") continue;
    findings.push_back({kind, text_field(entry, "detail")});
  }
  return findings;
}

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
  const json environment = session_environment(cwd, options);
  std::vector<std::string> env_lines;
  for (const auto& [name, value] : environment.items())
    env_lines.push_back(name + "=" + value.get<std::string>());
  std::vector<std::filesystem::path> readable = {zygote_->scratch()};
  readable.insert(readable.end(), policy_.readable_paths.begin(), policy_.readable_paths.end());
  confinement_.emplace(confinements_->take(), cwd, std::move(env_lines), std::move(readable));

  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
    throw SessionError(std::string("socketpair for a session: ") + std::strerror(errno));
  sandbox::UniqueFd ours(pair[0]), theirs(pair[1]);
  int key_pipe[2];
  if (::pipe2(key_pipe, O_CLOEXEC) != 0)
    throw SessionError(std::string("pipe for the session key: ") + std::strerror(errno));
  sandbox::UniqueFd key_read(key_pipe[0]), key_write(key_pipe[1]);

  // The child's frame socket is fd 3 by the time it applies the plan.
  sandbox::ChildPlan plan = confinement_->child_plan(3);
  const std::string inherited = inherit_zygote_namespaces(plan.namespaces, *zygote_);
  // Straight to the child through its key pipe: the zygote never sees this session's paths.
  const json request = {{"cwd", cwd.string()},
                        {"environment", environment},
                        {"warm_up", warm_up},
                        {"sandbox", sandbox::to_json(plan)}};
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
        if (!inherited.empty()) layers_.push_back("namespaces:" + inherited + " (zygote's)");
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

CellVerdict WorkerSession::record_death(std::optional<Verdict> cause,
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
  const auto started = Clock::now();
  auto finish = [&](CellVerdict verdict) {
    verdict.wall_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    verdict.isolation_level = confinement_->isolation_level();
    return verdict;
  };
  const auto emit = [&](const Event& event) {
    if (on_event) on_event(event);
  };

  json execute = {{"code", request.code},
                  {"cell_id", request.cell_id},
                  {"silent", request.silent},
                  {"store_history", request.store_history},
                  {"allow_stdin", request.allow_stdin},
                  {"locked", request.locked}};
  if (request.execution_count) execute["execution_count"] = *request.execution_count;
  try {
    channel_->send(FrameType::execute, execute.dump());
  } catch (const protocol::ChannelClosed&) {
    return finish(record_death(std::nullopt, ""));
  }

  const auto timeout = request.timeout ? request.timeout : policy_.limits.wall_time;
  std::optional<Clock::time_point> deadline;
  if (timeout) deadline = started + *timeout;
  std::optional<Verdict> stop_cause;
  std::string stop_reason;
  std::optional<Clock::time_point> kill_at;
  CellOutputCaps caps(policy_.limits);

  // Stops the cell: SIGINT now, the kill after the grace period if it does not end.
  auto stop = [&](Verdict cause, std::string reason) {
    if (stop_cause) return;
    stop_cause = cause;
    stop_reason = std::move(reason);
    send_signal(SIGINT);
    kill_at = Clock::now() + policy_.interrupt_grace;
  };

  // Handles one frame; returns the verdict when the cell is over.
  auto handle = [&](const protocol::Frame& frame) -> std::optional<CellVerdict> {
    const json body = json::parse(frame.payload, nullptr, false);
    if (!body.is_object())
      return record_death(Verdict::tampered, "malformed frame payload (not a JSON object)");
    const bool stream_frame = frame.type == FrameType::stream;
    std::string stream_text = stream_frame ? caps.within_byte_cap(text_field(body, "text")) : "";
    if (!stream_frame) caps.count_frame(frame.payload.size());
    if (caps.over_byte_cap())
      stop(Verdict::output_limit,
           "output limit of " + format_bytes(policy_.limits.output_bytes) + " per cell exceeded");
    switch (frame.type) {
      case FrameType::stream: {
        StreamEvent stream;
        stream.name = text_field(body, "name") == "stderr" ? StreamEvent::Name::stderr_stream
                                                           : StreamEvent::Name::stdout_stream;
        stream.text = caps.within_line_cap(stream_text);
        if (!stream.text.empty()) emit(stream);
        if (auto notice = caps.take_line_notice()) emit(StreamEvent{stream.name, *notice});
        return std::nullopt;
      }
      case FrameType::display_data:
      case FrameType::update_display_data: {
        if (caps.lines_cut()) return std::nullopt;
        const json data = object_field(body, "data"), metadata = object_field(body, "metadata"),
                   transient = object_field(body, "transient");
        if (frame.type == FrameType::display_data)
          emit(DisplayDataEvent{data, metadata, transient});
        else
          emit(UpdateDisplayDataEvent{data, metadata, transient});
        return std::nullopt;
      }
      case FrameType::clear_output:
        emit(ClearOutputEvent{body.value("wait", false)});
        return std::nullopt;
      case FrameType::execute_result:
        emit(ExecuteResultEvent{body.value("execution_count", 0), object_field(body, "data"),
                                object_field(body, "metadata")});
        return std::nullopt;
      case FrameType::error: {
        ErrorEvent error = error_event(body);
        caps.cap_traceback(error.traceback);
        emit(error);
        return std::nullopt;
      }
      case FrameType::input_request: {
        const InputRequestEvent asked{text_field(body, "prompt"), body.value("password", false)};
        emit(asked);
        std::optional<InputReply> reply;
        if (request.allow_stdin && on_input) reply = on_input(asked);
        try {
          // The request's id, so that the worker can drop a reply to an older request.
          json answer = {{"id", body.contains("id") ? body["id"] : json(0)}};
          if (reply) answer["value"] = reply->value;
          channel_->send(FrameType::input_reply, answer.dump());
        } catch (const protocol::ChannelClosed&) {
          // the death shows up on the next receive
        }
        return std::nullopt;
      }
      case FrameType::cell_done: {
        CellVerdict verdict;
        const bool failed = text_field(body, "status") != "ok";
        verdict.verdict = failed ? Verdict::error : Verdict::ok;
        verdict.execution_count = body.value("execution_count", 0);
        if (failed) {
          ErrorEvent error = error_event(object_field(body, "error"));
          caps.cap_traceback(error.traceback);
          verdict.error = std::move(error);
          verdict.reason = verdict.error->ename + ": " + verdict.error->evalue;
          if (const auto evidence = rlimit_memory_evidence(
                  *verdict.error, confinement_->isolation_level(), policy_, pid_)) {
            verdict.verdict = Verdict::memory_limit;
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
        verdict.output_truncated = caps.truncated();
        if (stop_cause) {
          verdict.verdict = *stop_cause;
          verdict.reason = stop_reason;
        }
        return verdict;
      }
      default:
        return record_death(Verdict::tampered, std::string("unexpected frame type ") +
                                                   protocol::to_string(frame.type) +
                                                   " during a cell");
    }
  };

  for (;;) {
    std::optional<std::chrono::milliseconds> wait;
    const auto now = Clock::now();
    const auto next = kill_at ? kill_at : (stop_cause ? std::nullopt : deadline);
    if (next)
      wait = std::max(std::chrono::milliseconds(0),
                      std::chrono::duration_cast<std::chrono::milliseconds>(*next - now));
    Received received = channel_->receive(wait, pidfd_.get());
    switch (received.status) {
      case Received::Status::interrupted:
        continue;
      case Received::Status::frame:
        if (auto verdict = handle(received.frame)) return finish(*verdict);
        continue;
      case Received::Status::tampered:
        return finish(record_death(Verdict::tampered, "tampered frame: " + received.problem));
      case Received::Status::closed:
        if (!received.problem.empty() && !stop_cause)
          return finish(record_death(Verdict::tampered, "truncated frame: " + received.problem));
        return finish(record_death(stop_cause, stop_reason));
      case Received::Status::timed_out:
        break;
    }
    if (channel_->extra_fd_ready()) {
      // The child exited: deliver what it wrote before dying, then report the death.
      for (;;) {
        Received rest = channel_->receive(std::chrono::milliseconds(0));
        if (rest.status == Received::Status::frame) {
          if (auto verdict = handle(rest.frame)) return finish(*verdict);
          continue;
        }
        if (rest.status == Received::Status::tampered)
          return finish(record_death(Verdict::tampered, "tampered frame: " + rest.problem));
        if (rest.status == Received::Status::closed && !rest.problem.empty() && !stop_cause)
          return finish(record_death(Verdict::tampered, "truncated frame: " + rest.problem));
        break;
      }
      return finish(record_death(stop_cause, stop_reason));
    }
    if (kill_at && Clock::now() >= *kill_at) return finish(record_death(stop_cause, stop_reason));
    if (deadline && !stop_cause && Clock::now() >= *deadline)
      stop(Verdict::timeout,
           "cell exceeded its wall-time limit of " + std::to_string(timeout->count()) + " ms");
  }
}

std::optional<json> WorkerSession::round_trip(FrameType request_type, const json& payload,
                                              FrameType reply_type) {
  if (!alive()) return std::nullopt;
  try {
    channel_->send(request_type, payload.dump());
  } catch (const protocol::ChannelClosed&) {
    record_death(std::nullopt, "");
    return std::nullopt;
  }
  for (;;) {
    Received received = channel_->receive(std::nullopt, pidfd_.get());
    if (received.status == Received::Status::interrupted) continue;
    if (received.status == Received::Status::frame) {
      if (received.frame.type != reply_type) continue;  // output printed by a __repr__, say
      json body = json::parse(received.frame.payload, nullptr, false);
      if (body.is_object()) return body;
      record_death(Verdict::tampered, "malformed reply payload");
      return std::nullopt;
    }
    if (received.status == Received::Status::tampered)
      record_death(Verdict::tampered, "tampered frame: " + received.problem);
    else
      record_death(std::nullopt, "");
    return std::nullopt;
  }
}

CompleteReply WorkerSession::complete(const CompleteRequest& request) {
  CompleteReply reply{{}, request.cursor_pos, request.cursor_pos, json::object()};
  const auto body =
      round_trip(FrameType::complete, {{"code", request.code}, {"cursor_pos", request.cursor_pos}},
                 FrameType::complete_reply);
  if (!body) return reply;
  if (const auto it = body->find("matches"); it != body->end() && it->is_array())
    for (const auto& match : *it)
      if (match.is_string()) reply.matches.push_back(match.get<std::string>());
  reply.cursor_start = body->value("cursor_start", request.cursor_pos);
  reply.cursor_end = body->value("cursor_end", request.cursor_pos);
  reply.metadata = object_field(*body, "metadata");
  return reply;
}

InspectReply WorkerSession::inspect(const InspectRequest& request) {
  InspectReply reply;
  const auto body = round_trip(FrameType::inspect,
                               {{"code", request.code},
                                {"cursor_pos", request.cursor_pos},
                                {"detail_level", request.detail_level}},
                               FrameType::inspect_reply);
  if (!body) return reply;
  reply.found = body->value("found", false);
  reply.data = object_field(*body, "data");
  return reply;
}

IsCompleteReply WorkerSession::is_complete(const IsCompleteRequest& request) {
  IsCompleteReply reply;
  const auto body =
      round_trip(FrameType::is_complete, {{"code", request.code}}, FrameType::is_complete_reply);
  if (!body) return reply;
  reply.status = body->value("status", std::string("unknown"));
  reply.indent = body->value("indent", std::string());
  return reply;
}

HistoryReply WorkerSession::history(const HistoryRequest& request) {
  HistoryReply reply;
  const auto body = round_trip(FrameType::history,
                               {{"hist_access_type", request.hist_access_type},
                                {"output", request.output},
                                {"raw", request.raw},
                                {"start", request.start},
                                {"stop", request.stop},
                                {"n", request.n},
                                {"pattern", request.pattern},
                                {"unique", request.unique}},
                               FrameType::history_reply);
  if (!body || !body->contains("history") || !(*body)["history"].is_array()) return reply;
  for (const auto& entry : (*body)["history"]) {
    HistoryEntry item{entry.value("session", 0), entry.value("line", 0),
                      entry.value("input", std::string()), std::nullopt};
    if (entry.contains("output") && entry["output"].is_string())
      item.output = entry["output"].get<std::string>();
    reply.history.push_back(std::move(item));
  }
  return reply;
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
      closed.verdict = Verdict::internal_error;
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
