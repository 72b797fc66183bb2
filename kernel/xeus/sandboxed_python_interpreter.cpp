// Request/event translation between xeus and the runtime (see sandboxed_python_interpreter.hpp).
#include "kernel/xeus/sandboxed_python_interpreter.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "kernel/xeus/cell_outcome_notice.hpp"
#include "kernel/xeus/kernel_info.hpp"

namespace gradebox::kernel {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

// Jupyter counts cursor positions in unicode code points; -1 means "end of code".
int code_point_count(const std::string& text) {
  int count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

int resolve_cursor(const std::string& code, int cursor_pos) {
  return cursor_pos < 0 ? code_point_count(code) : cursor_pos;
}

// exit() in a cell ends the kernel as ipykernel's does: 0.1 s after the reply (time for xeus to
// send it and the idle status), through SIGTERM's shutdown path (signal_forwarder.hpp). Jupyter's
// restarter then starts a fresh kernel and tells the frontend.
void end_kernel_after_reply() {
  std::thread([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(::getpid(), SIGTERM);
  }).detach();
}

}  // namespace

SandboxedPythonInterpreter::SandboxedPythonInterpreter(sandbox::Limits limits,
                                                       SessionSlot& sessions,
                                                       InterruptibleInput& input,
                                                       zmq::context_t& context)
    : limits_(limits),
      sessions_(sessions),
      input_(input),
      comms_(*this, [this](const runtime::CommDelivery& delivery) { deliver_comm(delivery); }),
      idle_watch_(context) {
  xeus::register_interpreter(this);
}

void SandboxedPythonInterpreter::configure_impl() {}

void SandboxedPythonInterpreter::publish_event(int execution_counter, const runtime::Event& event,
                                               CellErrorOutput& cell_error) {
  std::visit(Overloaded{
                 [&](const runtime::StreamEvent& e) {
                   publish_stream(
                       e.name == runtime::StreamEvent::Name::stderr_stream ? "stderr" : "stdout",
                       e.text);
                 },
                 [&](const runtime::DisplayDataEvent& e) {
                   display_data(e.data, e.metadata, e.transient);
                 },
                 [&](const runtime::UpdateDisplayDataEvent& e) {
                   update_display_data(e.data, e.metadata, e.transient);
                 },
                 [&](const runtime::ClearOutputEvent& e) { clear_output(e.wait); },
                 // xeus owns the execution counter Jupyter sees (it survives worker restarts).
                 [&](const runtime::ExecuteResultEvent& e) {
                   publish_execution_result(execution_counter, e.data, e.metadata);
                 },
                 // One error output per cell, as Jupyter frontends expect: the worker may report
                 // the exception both from IPython's traceback display and from its own C++ side.
                 [&](const runtime::ErrorEvent& e) {
                   const auto& seen = cell_error.error;
                   if (seen && seen->ename == e.ename && seen->evalue == e.evalue) return;
                   cell_error.error = e;
                   cell_error.held = e.ename == "KeyboardInterrupt";
                   if (!cell_error.held) publish_execution_error(e.ename, e.evalue, e.traceback);
                 },
                 [&](const runtime::InputRequestEvent&) {},  // answered through the InputCallback
                 [&](const runtime::CommEvent& e) { comms_.publish(e); },
                 [&](const runtime::CommTargetEvent& e) { comms_.add_target(e.target_name); },
             },
             event);
}

nl::json SandboxedPythonInterpreter::error_reply(const std::string& ename,
                                                 const std::string& evalue,
                                                 const std::vector<std::string>& traceback) {
  return {{"status", "error"}, {"ename", ename}, {"evalue", evalue}, {"traceback", traceback}};
}

nl::json SandboxedPythonInterpreter::execute_request_impl(int execution_counter,
                                                          const std::string& code, bool silent,
                                                          bool store_history,
                                                          nl::json /*user_expressions*/,
                                                          bool allow_stdin) {
  comms_.release_closed();
  runtime::CellVerdict verdict;
  CellErrorOutput cell_error;
  try {
    runtime::ExecuteRequest request{.code = code,
                                    .cell_id = {},
                                    .silent = silent,
                                    .store_history = store_history,
                                    .allow_stdin = allow_stdin,
                                    .locked = false,
                                    .timeout = std::nullopt,
                                    .execution_count = execution_counter,
                                    .comm = std::nullopt,
                                    .jupyter_msg_id = request_msg_id()};
    verdict = sessions_.execute(
        request,
        [&](const runtime::Event& event) { publish_event(execution_counter, event, cell_error); },
        [this](const runtime::InputRequestEvent& input) -> std::optional<runtime::InputReply> {
          auto value = input_.request(input.prompt, input.password);
          if (!value) return std::nullopt;  // interrupted: the worker raises KeyboardInterrupt
          return runtime::InputReply{std::move(*value)};
        });
    last_execution_count_ = execution_counter;
    watch_idle_output();
  } catch (const std::exception& e) {
    spdlog::error("cell {}: cannot run: {}", execution_counter, e.what());
    std::string evalue = fmt::format(
        "gradebox could not run the cell: {}. Restart the kernel; if this persists, ask your "
        "course staff to run `gradebox doctor`.",
        e.what());
    publish_execution_error("GradeboxUnavailable", evalue, {evalue});
    return error_reply("GradeboxUnavailable", evalue, {evalue});
  }

  spdlog::debug("cell {}: verdict {} ({} ms wall)", execution_counter,
                runtime::to_string(verdict.verdict), verdict.wall_ms);
  auto notice = cell_outcome_notice(verdict, limits_);
  if (cell_error.held && !notice) {  // the user's own interrupt
    const auto& e = *cell_error.error;
    publish_execution_error(e.ename, e.evalue, e.traceback);
  }
  if (notice) {
    spdlog::warn("cell {}: {}: {}", execution_counter, runtime::to_string(verdict.verdict),
                 verdict.reason);
    publish_execution_error(notice->ename, notice->evalue, {notice->ename + ": " + notice->evalue});
  }
  if (!verdict.session_alive) replace_dead_session();
  if (notice)
    return error_reply(notice->ename, notice->evalue, {notice->ename + ": " + notice->evalue});
  // The reply repeats the error output the user saw (IPython-formatted), else the worker's own.
  if (verdict.verdict == runtime::VerdictKind::error && cell_error.error) {
    const auto& e = *cell_error.error;
    return error_reply(e.ename, e.evalue, e.traceback);
  }
  if (verdict.verdict == runtime::VerdictKind::error && verdict.error) {
    return error_reply(verdict.error->ename, verdict.error->evalue, verdict.error->traceback);
  }
  if (verdict.verdict == runtime::VerdictKind::error) {
    return error_reply("Error", verdict.reason, {verdict.reason});
  }
  nl::json payload = nl::json::array();
  for (const auto& page : verdict.pages)
    payload.push_back({{"source", "page"}, {"data", page.data}, {"start", page.start}});
  if (verdict.next_input)
    payload.push_back({{"source", "set_next_input"},
                       {"text", verdict.next_input->text},
                       {"replace", verdict.next_input->replace}});
  if (verdict.exit_request) {
    payload.push_back({{"source", "ask_exit"}, {"keepkernel", verdict.exit_request->keep_kernel}});
    if (!verdict.exit_request->keep_kernel) end_kernel_after_reply();
  }
  return {{"status", "ok"}, {"payload", payload}, {"user_expressions", nl::json::object()}};
}

void SandboxedPythonInterpreter::replace_dead_session() {
  comms_.close_all();
  try {
    sessions_.replace_dead_session();
  } catch (const std::exception& e) {
    spdlog::error("cannot open a fresh session after the worker died: {}", e.what());
  }
  watch_idle_output();
}

void SandboxedPythonInterpreter::watch_idle_output() {
  auto current = sessions_.current();
  if (!current || current == watched_.lock()) return;
  watched_ = current;
  idle_watch_.watch(current->idle_descriptors());
}

void SandboxedPythonInterpreter::publish_idle_output() {
  comms_.release_closed();
  CellErrorOutput error;
  bool watching = false;
  try {
    watching = sessions_.drain_idle_output(
        [&](const runtime::Event& event) { publish_event(last_execution_count_, event, error); });
  } catch (const std::exception& e) {
    spdlog::error("cannot read what the session wrote between requests: {}", e.what());
  }
  if (error.held)
    publish_execution_error(error.error->ename, error.error->evalue, error.error->traceback);
  if (!watching) idle_watch_.watch({});  // its death waits for the next cell
}

nl::json SandboxedPythonInterpreter::internal_request_impl(const nl::json& message) {
  if (!IdleOutputWatch::is_wake_request(message))
    return {{"status", "error"}, {"what", "internal request not supported"}};  // as xeus's own
  publish_idle_output();
  return {{"status", "ok"}};
}

std::string SandboxedPythonInterpreter::request_msg_id() const {
  const auto& header = parent_header();
  const auto it = header.find("msg_id");
  return it != header.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void SandboxedPythonInterpreter::deliver_comm(const runtime::CommDelivery& delivery) {
  runtime::CellVerdict verdict;
  CellErrorOutput cell_error;
  try {
    runtime::ExecuteRequest request;
    request.silent = true;
    request.store_history = false;
    request.comm = delivery;
    request.jupyter_msg_id = request_msg_id();
    verdict = sessions_.execute(
        request, [&](const runtime::Event& event) { publish_event(0, event, cell_error); }, {});
  } catch (const std::exception& e) {
    spdlog::error("comm {}: cannot deliver: {}", delivery.comm_id, e.what());
    return;
  }
  watch_idle_output();
  // A limit a comm's handler hit is shown as a cell's would be (in an Output widget, say).
  if (auto notice = cell_outcome_notice(verdict, limits_)) {
    spdlog::warn("comm {}: {}: {}", delivery.comm_id, runtime::to_string(verdict.verdict),
                 verdict.reason);
    publish_execution_error(notice->ename, notice->evalue, {notice->ename + ": " + notice->evalue});
  } else if (cell_error.held) {
    const auto& e = *cell_error.error;
    publish_execution_error(e.ename, e.evalue, e.traceback);
  }
  if (!verdict.session_alive) replace_dead_session();
}

nl::json SandboxedPythonInterpreter::complete_request_impl(const std::string& code,
                                                           int cursor_pos) {
  const int cursor = resolve_cursor(code, cursor_pos);
  try {
    auto reply = sessions_.session()->complete({.code = code, .cursor_pos = cursor});
    publish_idle_output();  // what the session wrote while it completed
    return {{"status", "ok"},
            {"matches", reply.matches},
            {"cursor_start", reply.cursor_start},
            {"cursor_end", reply.cursor_end},
            {"metadata", reply.metadata}};
  } catch (const std::exception& e) {
    spdlog::error("complete_request failed: {}", e.what());
    return error_reply("GradeboxUnavailable", e.what(), {});
  }
}

nl::json SandboxedPythonInterpreter::inspect_request_impl(const std::string& code, int cursor_pos,
                                                          int detail_level) {
  const int cursor = resolve_cursor(code, cursor_pos);
  try {
    auto reply = sessions_.session()->inspect(
        {.code = code, .cursor_pos = cursor, .detail_level = detail_level});
    publish_idle_output();
    return {{"status", "ok"},
            {"found", reply.found},
            {"data", reply.data},
            {"metadata", reply.metadata}};
  } catch (const std::exception& e) {
    spdlog::error("inspect_request failed: {}", e.what());
    return error_reply("GradeboxUnavailable", e.what(), {});
  }
}

nl::json SandboxedPythonInterpreter::is_complete_request_impl(const std::string& code) {
  try {
    auto reply = sessions_.session()->is_complete({.code = code});
    publish_idle_output();
    nl::json content = {{"status", reply.status}};
    if (reply.status == "incomplete") content["indent"] = reply.indent;
    return content;
  } catch (const std::exception& e) {
    spdlog::error("is_complete_request failed: {}", e.what());
    return {{"status", "unknown"}};
  }
}

nl::json SandboxedPythonInterpreter::kernel_info_request_impl() {
  return kernel_info_content(limits_, sessions_.worker_info(), sessions_.isolation_level());
}

void SandboxedPythonInterpreter::shutdown_request_impl() {
  spdlog::info("shutdown requested");
  sessions_.shutdown();
}

}  // namespace gradebox::kernel
