// Zygote: fork-per-session and child reaping.
#include "kernel/worker/zygote.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include "kernel/protocol/control_message.hpp"
#include "kernel/worker/session_child.hpp"

namespace gradebox::worker {
namespace {

using nlohmann::json;
using protocol::UniqueFd;

struct LiveChild {
  long long session;
  pid_t pid;
  UniqueFd pidfd;
};

int pidfd_open(pid_t pid) { return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); }

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

void open_session(int control_fd, const PythonPrimitives& p, protocol::ControlMessage message,
                  std::vector<LiveChild>& children) {
  const long long session = message.body.value("session", -1LL);
  if (message.fds.size() < 2) {
    protocol::send_control(control_fd, {{"op", "opened"}, {"session", session},
                                        {"error", "open request without socket and key pipe"}});
    return;
  }
  PyOS_BeforeFork();
  const pid_t pid = ::fork();
  if (pid == 0) {
    PyOS_AfterFork_Child();
    SessionSetup setup;
    setup.socket = std::move(message.fds[0]);
    setup.key_pipe = std::move(message.fds[1]);
    setup.request = std::move(message.body);
    run_session_child(p, std::move(setup));
  }
  PyOS_AfterFork_Parent();
  if (pid < 0) {
    protocol::send_control(control_fd, {{"op", "opened"}, {"session", session},
                                        {"error", std::string("fork: ") + std::strerror(errno)}});
    return;
  }
  UniqueFd pidfd(pidfd_open(pid));
  if (!pidfd) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    protocol::send_control(control_fd, {{"op", "opened"}, {"session", session},
                                        {"error", std::string("pidfd_open: ") + std::strerror(errno)}});
    return;
  }
  protocol::send_control(control_fd, {{"op", "opened"}, {"session", session}, {"pid", pid}},
                         {pidfd.get()});
  children.push_back({session, pid, std::move(pidfd)});
}

void kill_all(std::vector<LiveChild>& children) {
  for (auto& child : children) ::kill(child.pid, SIGKILL);
  for (auto& child : children) ::waitpid(child.pid, nullptr, 0);
  children.clear();
}

}  // namespace

int run_zygote(int control_fd, const PythonPrimitives& p) {
  std::vector<LiveChild> children;
  for (;;) {
    std::vector<pollfd> fds{{control_fd, POLLIN, 0}};
    for (const auto& child : children) fds.push_back({child.pidfd.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      kill_all(children);
      return 1;
    }
    // Exits first, so a session id is never reported opened after it was reported exited.
    for (std::size_t i = fds.size() - 1; i >= 1; --i) {
      if (fds[i].revents == 0) continue;
      report_exit(control_fd, children[i - 1]);
      children.erase(children.begin() + static_cast<long>(i - 1));
    }
    if (fds[0].revents == 0) continue;
    std::optional<protocol::ControlMessage> message = protocol::receive_control(control_fd);
    if (!message || message->body.value("op", "") == "shutdown") {
      kill_all(children);
      return 0;
    }
    if (message->body.value("op", "") == "open")
      open_session(control_fd, p, std::move(*message), children);
  }
}

}  // namespace gradebox::worker
