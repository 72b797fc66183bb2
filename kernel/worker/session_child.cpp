// Session child set-up and request loop.
#include "kernel/worker/session_child.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/protocol/frame_channel.hpp"
#include "kernel/protocol/session_handoff.hpp"
#include "kernel/worker/cell_runner.hpp"
#include "kernel/worker/event_bridge.hpp"
#include "kernel/worker/integrity_watch.hpp"
#include "kernel/worker/locked_cell.hpp"
#include "kernel/worker/py_ref.hpp"
#include "kernel/worker/session_sandbox.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using protocol::FrameType;

constexpr int session_fd = 3;

// Exit codes the trusted side maps to reasons.
constexpr int exit_setup_failed = 70;

// The key and the session's request from the handoff pipe; exits when it is incomplete.
protocol::SessionHandoff read_handoff(sandbox::UniqueFd pipe) {
  try {
    return protocol::read_session_handoff(pipe.get());
  } catch (const std::exception&) {
    ::_exit(exit_setup_failed);
  }
}

// stdin/stdout/stderr -> /dev/null, the channel -> fd 3, nothing else open. Once the sandbox is
// entered, fd 1/2 become pipes into the stream frames (EventBridge::capture_descriptors).
void reduce_fds(sandbox::UniqueFd socket) {
  const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null_fd < 0) ::_exit(exit_setup_failed);
  for (int fd = 0; fd <= 2; ++fd) ::dup2(null_fd, fd);
  // Parked high first so moving it to 3 cannot clobber it.
  constexpr int parking = 512;
  sandbox::UniqueFd parked_socket(::fcntl(socket.get(), F_DUPFD_CLOEXEC, parking));
  socket.reset();
  if (::dup2(parked_socket.get(), session_fd) != session_fd) ::_exit(exit_setup_failed);
  parked_socket.release();
  ::syscall(SYS_close_range, session_fd + 1, ~0U, 0);
  ::fcntl(session_fd, F_SETFD, FD_CLOEXEC);
}

PyRef environment_dict(const json& request) {
  PyRef env(PyDict_New());
  const auto it = request.find("environment");
  if (it == request.end() || !it->is_object()) return env;
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) continue;
    PyRef text(PyUnicode_FromString(value.get<std::string>().c_str()));
    if (text) PyDict_SetItemString(env.get(), name.c_str(), text.get());
  }
  PyErr_Clear();
  return env;
}

std::string enter_python_session(const PythonPrimitives& p, const json& request) {
  const std::string cwd = request.value("cwd", std::string("/"));
  PyRef env = environment_dict(request);
  PyRef done(PyObject_CallFunction(p.enter_session, "sO", cwd.c_str(), env.get()));
  return done ? std::string() : take_python_error();
}

json dispatch(CellRunner& runner, const protocol::Frame& frame, FrameType& reply_type) {
  const json request = json::parse(frame.payload, nullptr, false);
  const json body = request.is_object() ? request : json::object();
  switch (frame.type) {
    case FrameType::execute:
      reply_type = FrameType::cell_done;
      return runner.execute(body);
    case FrameType::comm_delivery:
      reply_type = FrameType::cell_done;
      return runner.deliver_comm(body);
    case FrameType::complete:
      reply_type = FrameType::complete_reply;
      return runner.complete(body);
    case FrameType::inspect:
      reply_type = FrameType::inspect_reply;
      return runner.inspect(body);
    case FrameType::is_complete:
      reply_type = FrameType::is_complete_reply;
      return runner.is_complete(body);
    case FrameType::history:
      reply_type = FrameType::history_reply;
      return runner.history(body);
    default:
      ::_exit(3);  // not a request the trusted side sends here
  }
}

// Set once this process has walked the cell paths: a spare child does it while it waits, and a
// reserved session served by that spare need not walk them again (the pages are copied already).
bool cell_paths_touched = false;

}  // namespace

void touch_cell_paths(const PythonPrimitives& p) {
  cell_paths_touched = true;
  PyRef ran(PyObject_CallFunction(p.run_cell, "siii", "pass", 0, 1, 1));
  PyErr_Clear();
  run_locked_cell(p, "None", "<gradebox warm-up>");
  PyErr_Clear();
}

void run_session_child(const PythonPrimitives& p, SessionSetup setup) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  protocol::SessionHandoff handoff = read_handoff(std::move(setup.key_pipe));
  reduce_fds(std::move(setup.socket));
  // No core dumps, no /proc/<pid>/mem for other processes of this uid.
  ::prctl(PR_SET_DUMPABLE, 0);

  protocol::FrameChannel channel(sandbox::UniqueFd(session_fd), std::move(handoff.key),
                                 protocol::Direction::to_client);
  EventBridge bridge(channel);
  install_event_bridge(&bridge);

  const SandboxOutcome sandbox = enter_session_sandbox(handoff.request.value("sandbox", json()));
  std::string problem = sandbox.problem;
  if (problem.empty()) problem = enter_python_session(p, handoff.request);
  if (!problem.empty()) {
    bridge.send(FrameType::ready, {{"error", problem}});
    ::_exit(exit_setup_failed);
  }
  // Without it (no pipe or thread left in the pids limit) only Python-level output is shown.
  bridge.capture_descriptors();
  if (handoff.request.value("warm_up", false) && !cell_paths_touched) touch_cell_paths(p);
  start_integrity_watch();
  bridge.send(FrameType::ready, {{"pid", ::getpid()}, {"layers", sandbox.layers}});

  CellRunner runner(p, bridge);
  for (;;) {
    const protocol::Frame frame = bridge.next_request();
    if (frame.type == FrameType::shutdown) ::_exit(0);
    FrameType reply_type = FrameType::cell_done;
    const json reply = dispatch(runner, frame, reply_type);
    bridge.send(reply_type, reply);
  }
}

}  // namespace gradebox::worker
