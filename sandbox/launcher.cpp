// fork/exec under the sandbox, output capture, wall/CPU enforcement, reaping, verdict.
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

// The run's init: applies the child half, starts the program, reports its status.
[[noreturn]] void run_init(ChildPlan plan, std::vector<std::string> argv, int stdout_fd,
                           int stderr_fd, int status_fd) {
  ::prctl(PR_SET_NAME, "gradebox-init", 0, 0, 0);  // in ps, and apart from the parent in perf
  const int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devnull < 0 || ::dup2(devnull, 0) < 0 || ::dup2(stdout_fd, 1) < 0 ||
      ::dup2(stderr_fd, 2) < 0) {
    send(status_fd, std::string("error redirecting stdio: ") + std::strerror(errno));
    ::_exit(127);
  }
  plan.keep_fds = {status_fd};
  plan.replace_env = false;
  std::vector<std::string> env =
      plan.policy.environment.empty() ? default_environment(plan.policy) : plan.policy.environment;
  std::string layers;  // one write: every message wakes the parent
  try {
    for (const auto& layer : apply_to_current_process(plan)) layers += "layer " + layer + "\n";
  } catch (const std::exception& e) {
    send(status_fd, std::string("error ") + e.what());
    ::_exit(127);
  }
  // Everything the program child needs is built here: it shares our memory (vfork) and must not
  // allocate. execvpe searches the PATH of the environment being replaced, so set that first.
  for (const auto& entry : env)
    if (entry.rfind("PATH=", 0) == 0) ::setenv("PATH", entry.c_str() + 5, 1);
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  [[maybe_unused]] ssize_t n = ::write(status_fd, layers.data(), layers.size());
  // vfork: every layer is applied already, so the child only execs; sharing our memory until
  // then saves copying the init's page tables and tearing the copy down again at exec.
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
  // stdout and stderr stay open here until we exit: the parent then sees their EOF together with
  // our exit (one wake-up) instead of once when the program ends and again when we do.
  // Reap everything; when the program itself ends, report it and leave (the pid namespace, if
  // any, dies with us; otherwise the parent kills the rest).
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
  const auto env = policy.environment.empty() ? default_environment(policy) : policy.environment;
  for (const auto& entry : env)
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

}  // namespace

Verdict launch(const Policy& policy, const std::vector<std::string>& argv, const HostProbe& host,
               int shared_netns_fd) {
  if (argv.empty()) throw SetupError("no command to run", "give the command after --");
  Confinement confinement = Confinement::prepare(policy, host);
  confinement.share_network_namespace(shared_netns_fd);
  int clone_flags = namespaces::clone_flags(host.namespaces);
  Pipe out = make_pipe(), err = make_pipe(), status = make_pipe();
  // Orphans of the program re-parent to us, so the final sweep can find them without a cgroup.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  ChildPlan plan = confinement.child_plan();
  // No mount namespace: the launcher mounts nothing, and in the host's mount namespace (which
  // belongs to the initial user namespace) the run cannot mount at all, where in one of its own
  // only seccomp would stop it. Creating and tearing one down was ~3% of a run's CPU.
  plan.namespaces.mount = false;

  SeccompAuditLog audit_log;
  const auto started = Clock::now();
  long raw = ::syscall(SYS_clone, clone_flags | SIGCHLD, nullptr, nullptr, nullptr, 0);
  if (raw < 0 && clone_flags != 0 && (errno == EPERM || errno == EINVAL || errno == ENOSPC)) {
    clone_flags = 0;  // the host refuses a pid namespace: fall back to the process-tree walk
    raw = ::syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
  }
  if (raw < 0) throw_errno("cannot start the sandboxed process:", "clone", errno);
  const pid_t init = static_cast<pid_t>(raw);
  if (init == 0)
    run_init(std::move(plan), argv, out.write.get(), err.write.get(), status.write.get());
  out.write.reset();
  err.write.reset();
  status.write.reset();
  // Without a cgroup the tree's root must be known; with a pid namespace killing init suffices.
  if (confinement.level() == IsolationLevel::rlimit && !(clone_flags & CLONE_NEWPID))
    confinement.adopt(init);
  UniqueFd init_fd(static_cast<int>(::syscall(SYS_pidfd_open, init, 0)));

  StreamReader readers[2] = {{std::move(out.read), {}, policy.limits.output_bytes},
                             {std::move(err.read), {}, policy.limits.output_bytes}};
  StatusReport report;
  UniqueFd status_fd = std::move(status.read);
  // No wall limit: a deadline no run reaches (a year), so the loop's arithmetic stays finite.
  const auto deadline = started + policy.limits.wall_time.value_or(std::chrono::hours(24 * 365));
  bool wall_limit_hit = false, cpu_limit_hit = false, init_done = false;
  int init_status = 0;
  rusage usage{};
  auto kill_run = [&] {
    ::kill(init, SIGKILL);
    confinement.kill_all();
  };
  std::optional<Clock::time_point> drain_deadline;
  auto next_check = started + 100ms;
  bool rss_limit_hit = false, oom_ended = false;
  std::uint64_t polled_peak = 0;

  auto reap_init = [&](int options) {
    if (::wait4(init, &init_status, options, &usage) != init) return;
    init_done = true;
    // Whatever the program left behind dies now; the pipes then reach EOF.
    confinement.kill_all();
    if (!(clone_flags & CLONE_NEWPID)) process_tree::kill_all(::getpid(), false);
    drain_deadline = Clock::now() + 500ms;
  };

  // The status pipe is read once the init is gone (its messages fit in the pipe's buffer): polling
  // it woke us for the layers report and again for the status, for nothing to do.
  while (readers[0].open() || readers[1].open() || !init_done) {
    std::array<pollfd, 3> fds{};
    int count = 0;
    auto watch = [&](int fd) { fds[count++] = pollfd{fd, POLLIN, 0}; };
    for (auto& r : readers)
      if (r.open()) watch(r.fd.get());
    if (!init_done) watch(init_fd.get());
    const auto now = Clock::now();
    if (!init_done && !wall_limit_hit && now >= deadline) {
      wall_limit_hit = true;
      kill_run();
    }
    if (drain_deadline && now > *drain_deadline) break;  // a pipe holder we could not kill
    auto wait = init_done ? 50ms : std::min<Clock::duration>(deadline - now, 100ms);
    if (wait < 0ms) wait = 0ms;
    const int ready = ::poll(
        fds.data(), count,
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) + 1);
    if (ready < 0 && errno != EINTR) break;
    for (int i = 0; i < count; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const int fd = fds[i].fd;
      for (auto& r : readers)
        if (r.open() && r.fd.get() == fd) r.read_some();
      if (!init_done && fd == init_fd.get()) reap_init(0);
    }
    if (!init_done && init_fd.get() < 0) reap_init(WNOHANG);  // kernels before pidfd_open (5.3)
    // Every 100 ms: CPU time of the whole tree when a cgroup accounts for it (RLIMIT_CPU is per
    // process), OOM kills, and at the rlimit level the tree's resident memory (RLIMIT_AS is per
    // process).
    if (!init_done && Clock::now() >= next_check) {
      next_check = Clock::now() + 100ms;
      const ResourceUsage now_used = confinement.collect();
      if (!cpu_limit_hit && now_used.cpu_ms && policy.limits.cpu_time &&
          *now_used.cpu_ms > policy.limits.cpu_time->count()) {
        cpu_limit_hit = true;
        kill_run();
      }
      // One OOM kill ends the run (what memory.oom.group does on v2): the survivors of a
      // partly killed program only waste the rest of the wall time.
      if (!oom_ended && now_used.oom_kills > 0) {
        oom_ended = true;
        kill_run();
      }
      if (confinement.level() == IsolationLevel::rlimit) {
        const std::uint64_t rss = process_tree::resident_bytes(init);
        polled_peak = std::max(polled_peak, rss);
        if (!rss_limit_hit && rss > policy.limits.memory_bytes) {
          rss_limit_hit = true;
          kill_run();
        }
      }
    }
  }
  // Reap orphans that re-parented to us (no pid namespace).
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  // The init's messages. Non-blocking: should the loop above have given up on a live init, what
  // it wrote so far is all there is.
  ::fcntl(status_fd.get(), F_SETFL, O_NONBLOCK);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(status_fd.get(), buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) report.consume(buffer, static_cast<std::size_t>(n));
  const auto wall_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();

  RunFacts facts;
  facts.wall_ms = wall_ms;
  facts.wall_limit_hit = wall_limit_hit;
  if (report.error) facts.setup_error = *report.error;
  facts.wait_status = report.program_status ? *report.program_status : init_status;
  const ResourceUsage resources = confinement.collect();
  facts.cpu_ms =
      resources.cpu_ms ? *resources.cpu_ms : to_ms(usage.ru_utime) + to_ms(usage.ru_stime);
  if (cpu_limit_hit && facts.cpu_ms < policy.limits.cpu_time->count())
    facts.cpu_ms = policy.limits.cpu_time->count();
  facts.peak_memory_bytes = resources.peak_memory_bytes;
  facts.peak_memory_source = resources.peak_memory_source;
  if (!facts.peak_memory_bytes) {
    facts.peak_memory_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
    facts.peak_memory_source = "ru_maxrss";
    if (polled_peak > *facts.peak_memory_bytes) {
      facts.peak_memory_bytes = polled_peak;
      facts.peak_memory_source = "rss_polling";
    }
  }
  facts.oom_kills = resources.oom_kills;
  facts.memory_limit_reached = resources.memory_limit_reached;
  facts.evidence = resources.evidence;
  if (rss_limit_hit) {
    facts.memory_limit_reached = true;
    facts.evidence.push_back(
        fmt::format("resident memory of the tree {} over the limit {} (polled)", polled_peak,
                    policy.limits.memory_bytes));
  }
  facts.output_limit_hit = readers[0].capture.truncated() || readers[1].capture.truncated();
  facts.address_space_limit = confinement.level() == IsolationLevel::rlimit;

  if (facts.wait_status && WIFSIGNALED(*facts.wait_status) &&
      WTERMSIG(*facts.wait_status) == SIGSYS)
    facts.seccomp_syscall = audit_log.killed_syscall(resolve_program(argv[0], policy));
  Verdict verdict = decide_verdict(facts, policy);
  if (report.exec_error) verdict.detail = "cannot execute: " + *report.exec_error;
  verdict.level = confinement.level();
  verdict.layers = confinement.layers();
  verdict.layers.insert(verdict.layers.end(), report.layers.begin(), report.layers.end());
  if (clone_flags & CLONE_NEWPID) add_pid_namespace(verdict.layers);
  verdict.stdout_capture = std::move(readers[0].capture);
  verdict.stderr_capture = std::move(readers[1].capture);
  return verdict;
}

}  // namespace gradebox::sandbox
