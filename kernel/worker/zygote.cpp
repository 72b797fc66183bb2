// Zygote: fork-per-session and child reaping.
#include "kernel/worker/zygote.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <vector>

#include "kernel/protocol/control_message.hpp"
#include "kernel/worker/interpreter_fork.hpp"
#include "kernel/worker/py_ref.hpp"
#include "kernel/worker/session_child.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using sandbox::UniqueFd;

struct LiveChild {
  long long session;
  pid_t pid;
  UniqueFd pidfd;
};

// A child forked ahead of the next open request, so that the request does not wait for the
// fork (page tables of the whole preloaded heap) and for Python's after-fork work. It is the
// zygote's image and nothing more: it has read nothing but its own channel, holds none of the
// zygote's fds, and becomes a session child (run_session_child, which confines it before it
// reads any untrusted byte) only when the zygote hands it an open request over `channel`.
struct Spare {
  pid_t pid = -1;
  UniqueFd pidfd;
  UniqueFd channel;  // SOCK_SEQPACKET: the zygote forwards one open message, with its fds
};

int pidfd_open(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}

// Every fd above stderr except `keep`.
void close_all_but(int keep) {
  if (keep > 3) ::syscall(SYS_close_range, 3U, static_cast<unsigned>(keep - 1), 0U);
  ::syscall(SYS_close_range, static_cast<unsigned>(keep + 1), ~0U, 0U);
}

// fork() for a session child, the init of a new pid namespace when `own_pid_namespace`
// (interpreter_fork.hpp: the child runs Python's child-side fork work). -1 with errno on failure.
pid_t fork_session_process(bool own_pid_namespace) {
  if (own_pid_namespace && ::unshare(CLONE_NEWPID) != 0) return -1;
  const pid_t pid = fork_interpreter(/*child_runs_python=*/true);
  const int fork_errno = errno;
  if (pid == 0) return 0;
  if (own_pid_namespace) {
    // unshare set the namespace of our *next* children only; a second unshare is refused until
    // that is our own namespace again.
    UniqueFd own(::open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC));
    if (!own || ::setns(own.get(), CLONE_NEWPID) != 0)
      std::fprintf(stderr, "gradebox-worker: cannot return to the zygote's pid namespace: %s\n",
                   std::strerror(errno));
  }
  errno = fork_errno;
  return pid;
}

[[noreturn]] void serve_as_spare(const PythonPrimitives& p, pid_t zygote, UniqueFd channel) {
  // The zygote is single-threaded, so this fires when the zygote itself dies. A spare whose
  // zygote died before the prctl sees EOF on its channel below; the parent check catches it
  // earlier where the parent is visible (in its own pid namespace, getppid() is 0).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (const pid_t parent = ::getppid(); parent != zygote && parent != 0) ::_exit(0);
  // Not the control socket (whose EOF tells the runtime the zygote is gone), not the pidfds of
  // the zygote's other children.
  close_all_but(channel.get());
  // While it waits: the copy-on-write faults of the cell paths (see touch_cell_paths). Our own
  // empty cells, before any session exists in this process; the pages they copy are charged to
  // the zygote's cgroup, like those touched between any fork and the session's cgroup join.
  touch_cell_paths(p);
  PyRef rehearsed(PyObject_CallMethod(p.bootstrap, "rehearse_session", "O", p.session_adapter));
  PyErr_Clear();
  std::optional<protocol::ControlMessage> message;
  try {
    message = protocol::receive_control(channel.get());
  } catch (const std::exception&) {
    ::_exit(0);
  }
  // EOF: the zygote shut down without using this spare.
  if (!message || message->fds.size() < 2) ::_exit(0);
  channel.reset();
  SessionSetup setup;
  setup.socket = std::move(message->fds[0]);
  setup.key_pipe = std::move(message->fds[1]);
  run_session_child(p, std::move(setup));
}

std::optional<Spare> fork_spare(const PythonPrimitives& p, const ZygoteOptions& options) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) return std::nullopt;
  UniqueFd ours(pair[0]), theirs(pair[1]);
  const pid_t zygote = ::getpid();
  const pid_t pid = fork_session_process(options.session_pid_namespace);
  if (pid == 0) {
    ours.reset();
    serve_as_spare(p, zygote, std::move(theirs));
  }
  if (pid < 0) return std::nullopt;
  UniqueFd pidfd(pidfd_open(pid));
  if (!pidfd) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return std::nullopt;
  }
  return Spare{pid, std::move(pidfd), std::move(ours)};
}

void discard(std::optional<Spare>& spare) {
  if (!spare) return;
  spare->channel.reset();
  ::kill(spare->pid, SIGKILL);
  ::waitpid(spare->pid, nullptr, 0);
  spare.reset();
}

// Hands the open request to the spare; false (spare discarded) when it is gone.
bool hand_to_spare(std::optional<Spare>& spare, const protocol::ControlMessage& message) {
  std::vector<int> fds;
  for (const auto& fd : message.fds) fds.push_back(fd.get());
  try {
    protocol::send_control(spare->channel.get(), message.body, fds);
    return true;
  } catch (const std::exception&) {
    discard(spare);
    return false;
  }
}

void report_exit(int control_fd, const LiveChild& child) {
  int status = 0;
  rusage usage{};
  while (::wait4(child.pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  const auto ms = [](const timeval& t) { return t.tv_sec * 1000LL + t.tv_usec / 1000; };
  protocol::send_control(control_fd, {{"op", "exited"},
                                      {"session", child.session},
                                      {"pid", child.pid},
                                      {"status", status},
                                      {"cpu_ms", ms(usage.ru_utime) + ms(usage.ru_stime)},
                                      {"max_rss_kb", usage.ru_maxrss}});
}

void open_session(int control_fd, const PythonPrimitives& p, const ZygoteOptions& options,
                  protocol::ControlMessage message, std::vector<LiveChild>& children,
                  std::optional<Spare>& spare) {
  const long long session = message.body.value("session", -1LL);
  if (message.fds.size() < 2) {
    protocol::send_control(control_fd, {{"op", "opened"},
                                        {"session", session},
                                        {"error", "open request without socket and key pipe"}});
    return;
  }
  if (spare && hand_to_spare(spare, message)) {
    Spare taken = std::move(*spare);
    spare.reset();
    protocol::send_control(control_fd, {{"op", "opened"}, {"session", session}, {"pid", taken.pid}},
                           {taken.pidfd.get()});
    children.push_back({session, taken.pid, std::move(taken.pidfd)});
    return;
  }
  const pid_t pid = fork_session_process(options.session_pid_namespace);
  if (pid == 0) {
    SessionSetup setup;
    setup.socket = std::move(message.fds[0]);
    setup.key_pipe = std::move(message.fds[1]);
    run_session_child(p, std::move(setup));
  }
  if (pid < 0) {
    protocol::send_control(control_fd, {{"op", "opened"},
                                        {"session", session},
                                        {"error", std::string("fork: ") + std::strerror(errno)}});
    return;
  }
  UniqueFd pidfd(pidfd_open(pid));
  if (!pidfd) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    protocol::send_control(control_fd,
                           {{"op", "opened"},
                            {"session", session},
                            {"error", std::string("pidfd_open: ") + std::strerror(errno)}});
    return;
  }
  protocol::send_control(control_fd, {{"op", "opened"}, {"session", session}, {"pid", pid}},
                         {pidfd.get()});
  children.push_back({session, pid, std::move(pidfd)});
}

void kill_all(std::vector<LiveChild>& children, std::optional<Spare>& spare) {
  discard(spare);
  for (auto& child : children) ::kill(child.pid, SIGKILL);
  for (auto& child : children) ::waitpid(child.pid, nullptr, 0);
  children.clear();
}

}  // namespace

int run_zygote(int control_fd, const PythonPrimitives& p, const ZygoteOptions& options) {
  std::vector<LiveChild> children;
  std::optional<Spare> spare;
  // Cleared when a spare died unused, so that a spare that cannot live is not forked in a loop;
  // set again by the next open request.
  bool want_spare = options.keep_spare;
  for (;;) {
    // Forked right after the previous hand-off (or at start): the fork overlaps with the new
    // session's set-up in its child instead of delaying the next open.
    if (want_spare && !spare) spare = fork_spare(p, options);
    std::vector<pollfd> fds{{control_fd, POLLIN, 0}, {spare ? spare->pidfd.get() : -1, POLLIN, 0}};
    for (const auto& child : children) fds.push_back({child.pidfd.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      kill_all(children, spare);
      return 1;
    }
    if (fds[1].revents != 0) {
      discard(spare);  // died before it was used (killed from outside): reap it
      want_spare = false;
    }
    // Exits first, so a session id is never reported opened after it was reported exited.
    for (std::size_t i = fds.size() - 1; i >= 2; --i) {
      if (fds[i].revents == 0) continue;
      report_exit(control_fd, children[i - 2]);
      children.erase(children.begin() + static_cast<long>(i - 2));
    }
    if (fds[0].revents == 0) continue;
    std::optional<protocol::ControlMessage> message = protocol::receive_control(control_fd);
    if (!message || message->body.value("op", "") == "shutdown") {
      kill_all(children, spare);
      return 0;
    }
    if (message->body.value("op", "") == "open") {
      open_session(control_fd, p, options, std::move(*message), children, spare);
      want_spare = options.keep_spare;
    }
  }
}

}  // namespace gradebox::worker
