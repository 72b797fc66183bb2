// launch(): the run's init (the child half in its order, the program, the reaping) and the
// parent's watch over it (output capture, wall/CPU/memory enforcement, reaping), then the verdict.
#include "sandbox/launcher.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>

#include "sandbox/confinement.hpp"
#include "sandbox/process_tree.hpp"
#include "sandbox/seccomp_audit.hpp"
#include "sandbox/setup_error.hpp"
#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

struct Pipe {
  UniqueFd read, write;
};

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("cannot create", "pipe", errno);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

// The init's stdout, stderr and status report, each read by the parent.
struct RunPipes {
  Pipe out, err, status;
  // In the parent, once the init holds its copies: EOF then means the run closed them.
  void close_write_ends() {
    out.write.reset();
    err.write.reset();
    status.write.reset();
  }
};

// The program's environment: the policy's, or the default one when it names none.
std::vector<std::string> program_environment(const Policy& policy) {
  return policy.environment.empty() ? default_environment(policy) : policy.environment;
}

// Messages from the init to the parent, one per line: "layer NAME", "error TEXT",
// "status N" (the program's wait status).
void send(int fd, const std::string& line) {
  const std::string message = line + "\n";
  [[maybe_unused]] ssize_t n = ::write(fd, message.data(), message.size());
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// ---- the run's init (the child) ----------------------------------------------------------

// stdin from /dev/null, stdout and stderr into the parent's pipes.
void redirect_stdio(int stdout_fd, int stderr_fd, int status_fd) {
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull >= 0 && ::dup2(devnull, 0) >= 0 && ::dup2(stdout_fd, 1) >= 0 &&
      ::dup2(stderr_fd, 2) >= 0)
    return;
  send(status_fd, std::string("error redirecting stdio: ") + std::strerror(errno));
  ::_exit(127);
}

// The child half (confinement.hpp, in its fixed order); returns the "layer NAME" lines to report.
std::string confine_self(ChildPlan& plan, int status_fd) {
  plan.keep_fds = {status_fd};
  plan.replace_env = false;  // the program gets its environment from execve
  std::string layers;        // one write later: every message wakes the parent
  try {
    for (const auto& layer : apply_to_current_process(plan)) layers += "layer " + layer + "\n";
  } catch (const std::exception& e) {
    send(status_fd, std::string("error ") + e.what());
    ::_exit(127);
  }
  return layers;
}

// Reports the layers, then starts the program with vfork + exec: every layer is applied already,
// so the child only execs; sharing our memory until then saves copying the init's page tables
// and tearing the copy down again at exec.
pid_t start_program(std::vector<std::string> argv, std::vector<std::string> env,
                    const std::string& layers, int status_fd) {
  // Everything the program child needs is built here: it shares our memory and must not
  // allocate. execvpe searches the PATH of the environment being replaced, so set that first.
  for (const auto& entry : env)
    if (entry.rfind("PATH=", 0) == 0) ::setenv("PATH", entry.c_str() + 5, 1);
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  [[maybe_unused]] ssize_t n = ::write(status_fd, layers.data(), layers.size());
  volatile int exec_errno = 0;
  const pid_t program = ::vfork();
  if (program == 0) {
    ::execvpe(args[0], args.data(), envp.data());
    exec_errno = errno;
    ::_exit(127);
  }
  if (program < 0) {
    send(status_fd, std::string("error fork: ") + std::strerror(errno));
    ::_exit(127);
  }
  if (exec_errno != 0)
    send(status_fd, fmt::format("exec {}: {}", argv[0], std::strerror(exec_errno)));
  return program;
}

// Reaps everything; when the program itself ends, reports its status and leaves (the pid
// namespace, if any, dies with us; otherwise the parent kills the rest). stdout and stderr stay
// open until then: the parent sees their EOF together with our exit (one wake-up) instead of once
// when the program ends and again when we do.
[[noreturn]] void reap_until_exit_of(pid_t program, int status_fd) {
  while (true) {
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0 && errno == EINTR) continue;
    if (pid < 0) ::_exit(126);
    if (pid == program) {
      send(status_fd, fmt::format("status {}", status));
      ::_exit(0);
    }
  }
}

// The run's init, in order: stdio, the child half, the program, the reaping.
[[noreturn]] void run_init(ChildPlan plan, const std::vector<std::string>& argv,
                           const RunPipes& pipes) {
  ::prctl(PR_SET_NAME, "gradebox-init", 0, 0, 0);  // in ps, and apart from the parent in perf
  const int status_fd = pipes.status.write.get();
  redirect_stdio(pipes.out.write.get(), pipes.err.write.get(), status_fd);
  std::vector<std::string> env = program_environment(plan.policy);
  const std::string layers = confine_self(plan, status_fd);
  const pid_t program = start_program(argv, std::move(env), layers, status_fd);
  reap_until_exit_of(program, status_fd);
}

struct StreamReader {
  UniqueFd fd;
  OutputCapture capture;
  std::uint64_t cap = 0;
  bool open() const { return fd.get() >= 0; }
  // Returns false at EOF.
  bool read_some() {
    char buffer[65536];
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) {
      fd.reset();
      return false;
    }
    capture.total_bytes += static_cast<std::uint64_t>(n);
    if (capture.captured.size() < cap)
      capture.captured.append(buffer, std::min<std::size_t>(n, cap - capture.captured.size()));
    return true;
  }
};

struct StatusReport {
  std::vector<std::string> layers;
  std::optional<std::string> error;
  std::optional<std::string> exec_error;
  std::optional<int> program_status;
  std::string pending;

  void consume(const char* data, std::size_t size) {
    pending.append(data, size);
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      const std::string line = pending.substr(0, newline);
      pending.erase(0, newline + 1);
      if (line.rfind("layer ", 0) == 0)
        layers.push_back(line.substr(6));
      else if (line.rfind("error ", 0) == 0)
        error = line.substr(6);
      else if (line.rfind("exec ", 0) == 0)
        exec_error = line.substr(5);
      else if (line.rfind("status ", 0) == 0)
        program_status = std::atoi(line.c_str() + 7);
    }
  }
};

// The init reports "namespaces:user,net,..."; the pid namespace came from our clone().
void add_pid_namespace(std::vector<std::string>& layers) {
  for (auto& layer : layers) {
    if (layer.rfind("namespaces:", 0) != 0) continue;
    layer.insert(std::string("namespaces:").size(), "pid,");
    return;
  }
  layers.push_back("namespaces:pid");
}

// The absolute path execvpe will have run, as the kernel reports it in exe= (symlinks resolved).
std::string resolve_program(const std::string& name, const Policy& policy) {
  std::error_code ignored;
  if (name.find('/') != std::string::npos)
    return std::filesystem::canonical(name, ignored).string();
  std::string path = "/usr/local/bin:/usr/bin:/bin";
  for (const auto& entry : program_environment(policy))
    if (entry.rfind("PATH=", 0) == 0) path = entry.substr(5);
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0)
      return std::filesystem::canonical(candidate, ignored).string();
  }
  return name;
}

std::int64_t to_ms(const timeval& tv) {
  return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

// ---- the parent ----------------------------------------------------------------------------

// Clones the run's init (in a new pid namespace when the host allows it) and returns its pid,
// with the clone flags it got.
std::pair<pid_t, int> start_init(const Confinement& confinement,
                                 const std::vector<std::string>& argv, const HostProbe& host,
                                 const RunPipes& pipes) {
  ChildPlan plan = confinement.child_plan();
  // No mount namespace: the launcher mounts nothing, and in the host's mount namespace (which
  // belongs to the initial user namespace) the run cannot mount at all, where in one of its own
  // only seccomp would stop it. Creating and tearing one down was ~3% of a run's CPU.
  plan.namespaces.mount = false;
  int clone_flags = namespaces::clone_flags(host.namespaces);
  long raw = ::syscall(SYS_clone, clone_flags | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (raw < 0 && clone_flags != 0 && (errno == EPERM || errno == EINVAL || errno == ENOSPC)) {
    clone_flags = 0;  // the host refuses a pid namespace: fall back to the process-tree walk
    raw = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  }
  if (raw < 0) throw_errno("cannot start the sandboxed process:", "clone", errno);
  if (raw == 0) run_init(std::move(plan), argv, pipes);
  return {static_cast<pid_t>(raw), clone_flags};
}

// Watches one run from the init's start to its end: captures output up to the cap, enforces
// wall time, the CPU time of the whole tree (when a cgroup accounts for it), OOM kills and, at
// the rlimit level, the tree's resident memory; reaps the init and kills what it left.
class RunMonitor {
 public:
  RunMonitor(const Policy& policy, Confinement& confinement, pid_t init, int clone_flags,
             RunPipes& pipes, Clock::time_point started)
      : policy_(policy),
        confinement_(confinement),
        init_(init),
        clone_flags_(clone_flags),
        init_fd_(static_cast<int>(::syscall(SYS_pidfd_open, init, 0))),
        readers_{{{std::move(pipes.out.read), {}, policy.limits.output_bytes},
                  {std::move(pipes.err.read), {}, policy.limits.output_bytes}}},
        // No wall limit: a deadline no run reaches (a year), so the arithmetic stays finite.
        deadline_(started + policy.limits.wall_time.value_or(std::chrono::hours(24 * 365))),
        next_check_(started + 100ms) {}

  // Until both streams reach EOF and the init is reaped (or a pipe holder cannot be killed).
  // The status pipe is read once the init is gone (its messages fit in the pipe's buffer):
  // polling it woke us for the layers report and again for the status, for nothing to do.
  void run() {
    while (readers_[0].open() || readers_[1].open() || !init_done_) {
      const auto now = Clock::now();
      if (!init_done_ && !wall_limit_hit_ && now >= deadline_) {
        wall_limit_hit_ = true;
        kill_run();
      }
      if (drain_deadline_ && now > *drain_deadline_) break;  // a pipe holder we could not kill
      if (!poll_once(now)) break;
      if (!init_done_ && init_fd_.get() < 0) reap_init(WNOHANG);  // kernels before pidfd_open
      if (!init_done_ && Clock::now() >= next_check_) check_usage();
    }
  }

  // What the kernel and the cgroup say about the run, with the init's report.
  RunFacts facts(const StatusReport& report, std::int64_t wall_ms) const;
  OutputCapture take_capture(int stream) { return std::move(readers_[stream].capture); }

 private:
  void kill_run() {
    ::kill(init_, SIGKILL);
    confinement_.kill_all();
  }

  void reap_init(int options) {
    if (::wait4(init_, &init_status_, options, &usage_) != init_) return;
    init_done_ = true;
    // Whatever the program left behind dies now; the pipes then reach EOF.
    confinement_.kill_all();
    if (!(clone_flags_ & CLONE_NEWPID)) process_tree::kill_all(::getpid(), false);
    drain_deadline_ = Clock::now() + 500ms;
  }

  // One poll of the open streams and the init; false when poll itself fails.
  bool poll_once(Clock::time_point now) {
    std::array<pollfd, 3> fds{};
    int count = 0;
    for (auto& r : readers_)
      if (r.open()) fds[count++] = pollfd{r.fd.get(), POLLIN, 0};
    if (!init_done_) fds[count++] = pollfd{init_fd_.get(), POLLIN, 0};
    auto wait = init_done_ ? 50ms : std::min<Clock::duration>(deadline_ - now, 100ms);
    if (wait < 0ms) wait = 0ms;
    const int ready = ::poll(
        fds.data(), count,
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) + 1);
    if (ready < 0 && errno != EINTR) return false;
    for (int i = 0; i < count; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      for (auto& r : readers_)
        if (r.open() && r.fd.get() == fds[i].fd) r.read_some();
      if (!init_done_ && fds[i].fd == init_fd_.get()) reap_init(0);
    }
    return true;
  }

  // Every 100 ms: CPU time of the whole tree when a cgroup accounts for it (RLIMIT_CPU is per
  // process), OOM kills, and at the rlimit level the tree's resident memory (RLIMIT_AS is per
  // process).
  void check_usage() {
    next_check_ = Clock::now() + 100ms;
    const ResourceUsage used = confinement_.collect();
    const auto& cpu_limit = policy_.limits.cpu_time;
    if (!cpu_limit_hit_ && used.cpu_ms && cpu_limit && *used.cpu_ms > cpu_limit->count()) {
      cpu_limit_hit_ = true;
      kill_run();
    }
    // One OOM kill ends the run (what memory.oom.group does on v2): the survivors of a partly
    // killed program only waste the rest of the wall time.
    if (!oom_ended_ && used.oom_kills > 0) {
      oom_ended_ = true;
      kill_run();
    }
    if (confinement_.level() != IsolationLevel::rlimit) return;
    const std::uint64_t rss = process_tree::resident_bytes(init_);
    polled_peak_ = std::max(polled_peak_, rss);
    if (!rss_limit_hit_ && rss > policy_.limits.memory_bytes) {
      rss_limit_hit_ = true;
      kill_run();
    }
  }

  const Policy& policy_;
  Confinement& confinement_;
  const pid_t init_;
  const int clone_flags_;
  UniqueFd init_fd_;
  std::array<StreamReader, 2> readers_;  // stdout, stderr
  const Clock::time_point deadline_;
  Clock::time_point next_check_;
  std::optional<Clock::time_point> drain_deadline_;
  bool init_done_ = false;
  int init_status_ = 0;
  rusage usage_{};
  bool wall_limit_hit_ = false, cpu_limit_hit_ = false, rss_limit_hit_ = false, oom_ended_ = false;
  std::uint64_t polled_peak_ = 0;
};

RunFacts RunMonitor::facts(const StatusReport& report, std::int64_t wall_ms) const {
  RunFacts facts;
  facts.wall_ms = wall_ms;
  facts.wall_limit_hit = wall_limit_hit_;
  if (report.error) facts.setup_error = *report.error;
  facts.wait_status = report.program_status ? *report.program_status : init_status_;
  const ResourceUsage resources = confinement_.collect();
  facts.cpu_ms =
      resources.cpu_ms ? *resources.cpu_ms : to_ms(usage_.ru_utime) + to_ms(usage_.ru_stime);
  if (cpu_limit_hit_ && facts.cpu_ms < policy_.limits.cpu_time->count())
    facts.cpu_ms = policy_.limits.cpu_time->count();
  facts.peak_memory_bytes = resources.peak_memory_bytes;
  facts.peak_memory_source = resources.peak_memory_source;
  if (!facts.peak_memory_bytes) {
    facts.peak_memory_bytes = static_cast<std::uint64_t>(usage_.ru_maxrss) * 1024;
    facts.peak_memory_source = "ru_maxrss";
    if (polled_peak_ > *facts.peak_memory_bytes) {
      facts.peak_memory_bytes = polled_peak_;
      facts.peak_memory_source = "rss_polling";
    }
  }
  facts.oom_kills = resources.oom_kills;
  facts.memory_limit_reached = resources.memory_limit_reached;
  facts.evidence = resources.evidence;
  if (rss_limit_hit_) {
    facts.memory_limit_reached = true;
    facts.evidence.push_back(
        fmt::format("resident memory of the tree {} over the limit {} (polled)", polled_peak_,
                    policy_.limits.memory_bytes));
  }
  facts.output_limit_hit = readers_[0].capture.truncated() || readers_[1].capture.truncated();
  facts.address_space_limit = confinement_.level() == IsolationLevel::rlimit;
  return facts;
}

// The init's messages. Non-blocking: should the monitor have given up on a live init, what it
// wrote so far is all there is.
StatusReport read_status_report(const UniqueFd& status_fd) {
  StatusReport report;
  ::fcntl(status_fd.get(), F_SETFL, O_NONBLOCK);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(status_fd.get(), buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) report.consume(buffer, static_cast<std::size_t>(n));
  return report;
}

}  // namespace

Verdict launch(const Policy& policy, const std::vector<std::string>& argv, const HostProbe& host,
               int shared_netns_fd) {
  if (argv.empty()) throw SetupError("no command to run", "give the command after --");
  Confinement confinement = Confinement::prepare(policy, host);
  confinement.share_network_namespace(shared_netns_fd);
  RunPipes pipes{make_pipe(), make_pipe(), make_pipe()};
  // Orphans of the program re-parent to us, so the final sweep can find them without a cgroup.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  SeccompAuditLog audit_log;
  const auto started = Clock::now();
  const auto [init, clone_flags] = start_init(confinement, argv, host, pipes);
  pipes.close_write_ends();
  // Without a cgroup the tree's root must be known; with a pid namespace killing init suffices.
  if (confinement.level() == IsolationLevel::rlimit && !(clone_flags & CLONE_NEWPID))
    confinement.adopt(init);
  RunMonitor monitor(policy, confinement, init, clone_flags, pipes, started);
  monitor.run();
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {  // orphans that re-parented to us
  }
  const StatusReport report = read_status_report(pipes.status.read);
  const auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  RunFacts facts = monitor.facts(report, wall.count());
  if (facts.wait_status && WIFSIGNALED(*facts.wait_status) &&
      WTERMSIG(*facts.wait_status) == SIGSYS)
    facts.seccomp_syscall = audit_log.killed_syscall(resolve_program(argv[0], policy));

  Verdict verdict = decide_verdict(facts, policy);
  if (report.exec_error) verdict.detail = "cannot execute: " + *report.exec_error;
  verdict.level = confinement.level();
  verdict.layers = confinement.layers();
  verdict.layers.insert(verdict.layers.end(), report.layers.begin(), report.layers.end());
  if (clone_flags & CLONE_NEWPID) add_pid_namespace(verdict.layers);
  verdict.stdout_capture = monitor.take_capture(0);
  verdict.stderr_capture = monitor.take_capture(1);
  return verdict;
}

}  // namespace gradebox::sandbox
