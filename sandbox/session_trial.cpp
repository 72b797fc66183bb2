// The probe's throwaway session (session_trial.hpp).
#include "sandbox/session_trial.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include "sandbox/confinement.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/setup_error.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr auto kTrialDeadline = std::chrono::seconds(5);
constexpr const char* kTrialProgram = "/bin/true";

struct TrialPipe {
  UniqueFd read, write;
};

TrialPipe make_trial_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("cannot create", "pipe", errno);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

Policy trial_policy(IsolationLevel level) {
  Policy policy;
  policy.limits.wall_time = policy.limits.cpu_time = kTrialDeadline;
  policy.limits.pids = 8;
  policy.max_level = policy.required_level = level;
  policy.environment = {"PATH=/usr/bin:/bin"};
  return policy;
}

void write_all(int fd, const std::string& text) {
  [[maybe_unused]] ssize_t n = ::write(fd, text.data(), text.size());
}

// The session: applies the plan, reports its layers and "ready", waits until the parent has
// looked at its cgroups (`go` closed), then execs the trivial program.
[[noreturn]] void run_trial_child(ChildPlan plan, int report_fd, int go_fd, bool pid_namespace) {
  std::string report;
  // The launcher clones its init into a new pid namespace; the same permission, asked here.
  if (pid_namespace && ::unshare(CLONE_NEWPID) == 0) report += "layer namespaces:pid\n";
  plan.keep_fds = {report_fd, go_fd};
  plan.replace_env = false;
  try {
    for (const auto& layer : apply_to_current_process(plan)) report += "layer " + layer + "\n";
  } catch (const std::exception& e) {
    write_all(report_fd, report + "error " + e.what() + "\n");
    ::_exit(127);
  }
  write_all(report_fd, report + "ready\n");
  char go = 0;
  while (::read(go_fd, &go, 1) < 0 && errno == EINTR) {
  }
  char* const argv[] = {const_cast<char*>(kTrialProgram), nullptr};
  char* const envp[] = {const_cast<char*>("PATH=/usr/bin:/bin"), nullptr};
  ::execve(kTrialProgram, argv, envp);
  write_all(report_fd, std::string("error exec ") + kTrialProgram + ": " + std::strerror(errno));
  ::_exit(127);
}

struct TrialReport {
  std::vector<std::string> layers;
  std::string error;
  bool ready = false;
  std::string pending;

  // Consumes complete lines; true once "ready" was seen.
  bool consume() {
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      const std::string line = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      if (line.rfind("layer ", 0) == 0) layers.push_back(line.substr(6));
      if (line.rfind("error ", 0) == 0) error = line.substr(6);
      if (line == "ready") return ready = true;
    }
    return false;
  }
};

// Reads the child's report up to "ready" or EOF; false when the deadline came first.
bool read_report(int fd, Clock::time_point deadline, TrialReport& report) {
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd watched{fd, POLLIN, 0};
    if (::poll(&watched, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (!report.pending.empty() && report.error.empty()) report.error = report.pending;
      return true;
    }
    report.pending.append(buffer, static_cast<std::size_t>(n));
    if (report.consume()) return true;
  }
}

// The session's /proc/PID/cgroup must name every group of its plan: it joined them, and the
// limits written there apply to it (a group made under a wrong path would not be named).
std::optional<std::string> missing_cgroup(pid_t pid, const std::vector<fs::path>& procs_files) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::vector<std::string> paths;  // "5:memory:/a/b" -> "/a/b"
  for (std::string line; std::getline(in, line);) {
    const auto second = line.find(':', line.find(':') + 1);
    if (second != std::string::npos) paths.push_back(line.substr(second + 1));
  }
  for (const auto& file : procs_files) {
    const std::string dir = file.parent_path().string();
    const bool named = std::any_of(paths.begin(), paths.end(), [&](const std::string& path) {
      return path.size() > 1 && dir.ends_with(path);
    });
    if (!named)
      return "the session is not in its cgroup " + dir + " (/proc/PID/cgroup does not name it)";
  }
  return std::nullopt;
}

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status))
    return std::string(kTrialProgram) + " was killed by signal " +
           std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) + ")";
  return std::string(kTrialProgram) + " exited with status " + std::to_string(WEXITSTATUS(status));
}

void run_trial(const HostProbe& host, SessionTrial& trial) {
  Confinement confinement = Confinement::prepare(trial_policy(trial.level), host);
  const ChildPlan plan = confinement.child_plan();
  TrialPipe report = make_trial_pipe(), go = make_trial_pipe();
  const bool pid_namespace = namespaces::clone_flags(host.namespaces) & CLONE_NEWPID;
  const pid_t child = ::fork();
  if (child < 0) throw_errno("cannot start", "the trial session", errno);
  if (child == 0) run_trial_child(plan, report.write.get(), go.read.get(), pid_namespace);
  report.write.reset();
  go.read.reset();

  TrialReport got;
  const auto deadline = Clock::now() + kTrialDeadline;
  std::optional<std::string> problem;
  if (!read_report(report.read.get(), deadline, got))
    problem = "the session was not set up within 5 s";
  else if (!got.error.empty())
    problem = got.error;
  else if (!got.ready)
    problem = "the session ended during its set-up";
  else
    problem = missing_cgroup(child, plan.cgroup_procs_files);
  if (problem) ::kill(child, SIGKILL);
  go.write.reset();  // the session execs now
  if (!problem && (!read_report(report.read.get(), deadline, got) || !got.error.empty())) {
    problem = got.error.empty() ? std::string("the session did not end within 5 s") : got.error;
    ::kill(child, SIGKILL);
  }
  const int status = reap(child);
  if (!problem && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
    problem = describe_status(status);
  trial.layers = confinement.layers();
  trial.layers.insert(trial.layers.end(), got.layers.begin(), got.layers.end());
  trial.ok = !problem;
  trial.failure = problem.value_or("");
}

}  // namespace

SessionTrial try_session(const HostProbe& host, IsolationLevel level) {
  const auto started = Clock::now();
  SessionTrial trial;
  trial.level = level;
  trial.namespaces = !host.namespaces.names().empty();
  // Judged on the capability checks alone: earlier failed trials must not refuse this one.
  HostProbe capabilities = host;
  capabilities.trials.clear();
  try {
    run_trial(capabilities, trial);
  } catch (const SetupError& e) {
    trial.ok = false;
    trial.failure = e.hint().empty() ? e.what() : std::string(e.what()) + " (" + e.hint() + ")";
  } catch (const std::exception& e) {
    trial.ok = false;
    trial.failure = e.what();
  }
  trial.took = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
  return trial;
}

}  // namespace gradebox::sandbox
