// apply_to_current_process in a forked child (the zygote path): each check runs in the child
// after the sandbox is applied and reports a bit; the parent asserts on the bits.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cerrno>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include "process_alive.hpp"
#include "sandbox/cgroup_files.hpp"
#include "sandbox/confinement.hpp"
#include "sandbox/landlock.hpp"
#include "sandbox/verdict.hpp"

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

// Runs `check` in a forked, sandboxed child; returns its exit code (or 200 + signal).
int in_sandbox(const ChildPlan& plan, const std::function<int()>& check) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      apply_to_current_process(plan);
    } catch (const std::exception& e) {
      ::_exit(100);
    }
    ::_exit(check());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 200 + WTERMSIG(status);
}

ChildPlan plan_with_scratch(const fs::path& scratch) {
  ChildPlan plan;
  plan.policy.writable_dir = scratch;
  plan.policy.limits.open_files = 32;
  plan.namespaces = namespaces::request_for(namespaces::detect(), false);
  return plan;
}

struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-child-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
    if (::geteuid() == 0) REQUIRE(::chown(dir.c_str(), 65534, 65534) == 0);
  }
  ~Scratch() { fs::remove_all(dir); }
};

}  // namespace

TEST_CASE("child: seccomp refuses inet sockets and ptrace with errnos, allows unix sockets",
          "[sandbox]") {
  Scratch scratch;
  const int rc = in_sandbox(plan_with_scratch(scratch.dir), [] {
    int bits = 0;
    if (::socket(AF_INET, SOCK_STREAM, 0) < 0 && errno == EAFNOSUPPORT) bits |= 1;
    if (::socket(AF_UNIX, SOCK_STREAM, 0) >= 0) bits |= 2;
    if (::ptrace(PTRACE_ATTACH, ::getppid(), 0, 0) < 0 && errno == EPERM) bits |= 4;
    if (::unshare(CLONE_NEWNET) < 0 && errno == EPERM) bits |= 8;
    return bits;
  });
  CHECK(rc == 15);
}

TEST_CASE("child: rlimits, no_new_privs and the privilege drop are in force", "[sandbox]") {
  Scratch scratch;
  const int rc = in_sandbox(plan_with_scratch(scratch.dir), [] {
    int bits = 0;
    rlimit nofile{};
    ::getrlimit(RLIMIT_NOFILE, &nofile);
    if (nofile.rlim_cur == 32) bits |= 1;
    rlimit core{};
    ::getrlimit(RLIMIT_CORE, &core);
    if (core.rlim_max == 0) bits |= 2;
    if (::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1) bits |= 4;
    if (::geteuid() != 0 && ::setuid(0) != 0) bits |= 8;
    return bits;
  });
  CHECK(rc == 15);
}

TEST_CASE("child: Landlock allows the scratch dir and system files, nothing else", "[sandbox]") {
  if (landlock::abi_version() < 1) {
    WARN("skipped: Landlock unavailable");
    return;
  }
  Scratch scratch;
  const fs::path outside =
      fs::temp_directory_path() / ("gradebox-outside-" + std::to_string(::getpid()));
  const int rc = in_sandbox(plan_with_scratch(scratch.dir), [&] {
    int bits = 0;
    if (::open("scratch-file", O_CREAT | O_WRONLY, 0600) >= 0) bits |= 1;  // cwd = scratch
    if (::open(outside.c_str(), O_CREAT | O_WRONLY, 0600) < 0) bits |= 2;
    if (::open("/etc/os-release", O_RDONLY) >= 0) bits |= 4;
    if (::open("/proc/self/mem", O_RDONLY) < 0) bits |= 8;
    if (::open("/proc/self/status", O_RDONLY) < 0) bits |= 16;
    return bits;
  });
  CHECK(rc == 31);
  CHECK(fs::exists(scratch.dir / "scratch-file"));
  CHECK_FALSE(fs::exists(outside));
}

TEST_CASE("child: inherited descriptors are closed except the kept ones", "[sandbox]") {
  Scratch scratch;
  const int leaked = ::open("/dev/null", O_RDONLY);  // no O_CLOEXEC: a would-be leak
  const int kept = ::open("/dev/null", O_RDONLY);
  auto plan = plan_with_scratch(scratch.dir);
  plan.keep_fds = {kept};
  const int rc = in_sandbox(plan, [&] {
    int bits = 0;
    if (::fcntl(leaked, F_GETFD) < 0 && errno == EBADF) bits |= 1;
    if (::fcntl(kept, F_GETFD) >= 0) bits |= 2;
    return bits;
  });
  ::close(leaked);
  ::close(kept);
  CHECK(rc == 3);
}

TEST_CASE("child: the environment is replaced by the policy's", "[sandbox]") {
  Scratch scratch;
  ::setenv("GRADEBOX_TEST_SECRET", "1", 1);
  auto plan = plan_with_scratch(scratch.dir);
  plan.policy.environment = {"ONLY=this"};
  const int rc = in_sandbox(plan, [] {
    int bits = 0;
    if (!::getenv("GRADEBOX_TEST_SECRET")) bits |= 1;
    if (const char* only = ::getenv("ONLY"); only && std::string(only) == "this") bits |= 2;
    return bits;
  });
  ::unsetenv("GRADEBOX_TEST_SECRET");
  CHECK(rc == 3);
}

TEST_CASE("zygote path: the child joins the run's cgroup and the parent sees the OOM kill",
          "[sandbox]") {
  const HostProbe host = probe_host();
  if (host.best_level() < IsolationLevel::cgroup1) {
    WARN("skipped: no cgroup level on this host");
    return;
  }
  Scratch scratch;
  Policy policy;
  policy.limits.memory_bytes = 32ull << 20;
  policy.writable_dir = scratch.dir;
  auto run = Confinement::prepare(policy, host);
  const ChildPlan plan = run.child_plan();
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      apply_to_current_process(plan);
    } catch (const std::exception&) {
      ::_exit(100);
    }
    // Touch 64 MiB, twice the limit.
    for (int i = 0; i < 64; ++i) {
      auto* block = static_cast<volatile char*>(std::malloc(1 << 20));
      if (!block) ::_exit(101);
      for (int j = 0; j < (1 << 20); j += 4096) block[j] = 1;
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  const ResourceUsage usage = run.collect();
  RunFacts facts;
  facts.wait_status = status;
  facts.oom_kills = usage.oom_kills;
  facts.memory_limit_reached = usage.memory_limit_reached;
  facts.evidence = usage.evidence;
  const Verdict verdict = decide_verdict(facts, policy);
  CHECK(verdict.kind == VerdictKind::memory_limit);
  CHECK_FALSE(verdict.evidence.empty());
  CHECK(usage.peak_memory_bytes.value_or(0) >= (30ull << 20));
}

TEST_CASE("zygote path: kill_all ends the child's whole tree, even a new session", "[sandbox]") {
  const HostProbe host = probe_host();
  Scratch scratch;
  // Orphans re-parent to us, as they would to a zygote, so we can reap them afterwards.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
  for (auto level : {IsolationLevel::rlimit, IsolationLevel::cgroup1}) {
    if (level > host.best_level()) continue;
    INFO("level " << to_string(level));
    Policy policy;
    policy.writable_dir = scratch.dir;
    policy.max_level = level;
    auto run = Confinement::prepare(policy, host);
    const ChildPlan plan = run.child_plan();
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      auto child_plan = plan;
      child_plan.keep_fds = {ready[1]};
      try {
        apply_to_current_process(child_plan);
      } catch (const std::exception&) {
        ::_exit(100);
      }
      if (::fork() == 0) {
        ::setsid();
        if (::fork() == 0) {
          const pid_t me = ::getpid();
          [[maybe_unused]] auto n = ::write(ready[1], &me, sizeof me);
          while (true) ::pause();
        }
        while (true) ::pause();
      }
      while (true) ::pause();
    }
    ::close(ready[1]);
    pid_t grandchild = 0;
    REQUIRE(::read(ready[0], &grandchild, sizeof grandchild) == sizeof grandchild);
    ::close(ready[0]);
    run.adopt(pid);
    run.kill_all();
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status));
    CHECK(run.empty());
    // The grandchild in its own session must be dead (gone, or a zombie awaiting its reaper).
    CHECK_FALSE(gradebox::testing::process_alive(grandchild));
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
}

TEST_CASE("child: runs joining one shared empty netns cannot reach each other's abstract sockets",
          "[sandbox]") {
  auto shared = namespaces::EmptyNetworkNamespace::create();
  if (!shared) {
    WARN("skipped: cannot create a network namespace here (needs root)");
    return;
  }
  if (!landlock::scopes_sockets_and_signals(landlock::abi_version())) {
    WARN("skipped: Landlock ABI < 6, so a shared netns is never used (no abstract socket scope)");
    return;
  }
  Scratch scratch;
  ChildPlan plan = plan_with_scratch(scratch.dir);
  if (!plan.namespaces.net) {
    WARN("skipped: network namespaces unavailable");
    return;
  }
  plan.namespaces.shared_netns_fd = shared->fd();
  const std::string name = "gradebox-test-" + std::to_string(::getpid());
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::copy(name.begin(), name.end(), address.sun_path + 1);  // sun_path[0] = 0: abstract
  const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());

  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t listener = ::fork();
  if (listener == 0) {
    ::close(ready[0]);
    plan.keep_fds = {ready[1]};
    try {
      apply_to_current_process(plan);
    } catch (const std::exception&) {
      ::_exit(100);
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const char ok =
        ::bind(fd, reinterpret_cast<const sockaddr*>(&address), length) == 0 && ::listen(fd, 1) == 0
            ? 'y'
            : 'n';
    [[maybe_unused]] ssize_t n = ::write(ready[1], &ok, 1);
    while (true) ::pause();
  }
  ::close(ready[1]);
  char bound = 0;
  REQUIRE(::read(ready[0], &bound, 1) == 1);
  ::close(ready[0]);
  CHECK(bound == 'y');
  // The listener sits in the shared namespace, not in one of its own.
  std::error_code ignored;
  const auto listener_ns =
      fs::read_symlink("/proc/" + std::to_string(listener) + "/ns/net", ignored);
  struct stat shared_stat {};
  REQUIRE(::fstat(shared->fd(), &shared_stat) == 0);
  CHECK(listener_ns.string() == "net:[" + std::to_string(shared_stat.st_ino) + "]");

  const int rc = in_sandbox(plan, [&] {
    int bits = 0;
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), length) < 0 && errno == EPERM)
      bits |= 1;
    // Its own abstract socket still works: the scope is per run, not a blanket refusal.
    const std::string own = name + "-own";
    sockaddr_un mine{};
    mine.sun_family = AF_UNIX;
    std::copy(own.begin(), own.end(), mine.sun_path + 1);
    const auto mine_length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + own.size());
    const int server = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const int client = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::bind(server, reinterpret_cast<const sockaddr*>(&mine), mine_length) == 0 &&
        ::listen(server, 1) == 0 &&
        ::connect(client, reinterpret_cast<const sockaddr*>(&mine), mine_length) == 0)
      bits |= 2;
    return bits;
  });
  CHECK(rc == 3);
  ::kill(listener, SIGKILL);
  ::waitpid(listener, nullptr, 0);
}

TEST_CASE("zygote path: a child that already has threads joins the cgroup with all of them",
          "[sandbox]") {
  const HostProbe host = probe_host();
  if (host.best_level() != IsolationLevel::cgroup1) {
    WARN("skipped: the cgroup1 level (v1 `tasks` join) is not what this host uses");
    return;
  }
  Scratch scratch;
  Policy policy;
  policy.writable_dir = scratch.dir;
  policy.max_level = IsolationLevel::cgroup1;
  auto run = Confinement::prepare(policy, host);
  const ChildPlan plan = run.child_plan();
  REQUIRE_FALSE(plan.cgroup_procs_files.empty());
  const fs::path tasks = plan.cgroup_procs_files.front();
  REQUIRE(tasks.filename() == "tasks");
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(ready[0]);
    std::thread([] {
      while (true) ::pause();
    }).detach();
    ChildPlan mine = plan;
    mine.keep_fds = {ready[1]};
    try {
      apply_to_current_process(mine);
    } catch (const std::exception&) {
      ::_exit(100);
    }
    [[maybe_unused]] ssize_t n = ::write(ready[1], "x", 1);
    while (true) ::pause();
  }
  ::close(ready[1]);
  char byte = 0;
  CHECK(::read(ready[0], &byte, 1) == 1);
  ::close(ready[0]);
  // Both threads are in the group, not only the one that called apply_to_current_process.
  CHECK(cgroup_files::read_pids(tasks).size() == 2);
  run.kill_all();
  ::waitpid(pid, nullptr, 0);
}

TEST_CASE("child: without a user namespace a fork bomb stops at the pids limit", "[sandbox]") {
  if (::geteuid() != 0) {
    WARN("skipped: needs root to drop to a uid of its own");
    return;
  }
  Scratch scratch;
  auto plan = plan_with_scratch(scratch.dir);
  plan.namespaces = {};  // as a non-root grader in a container without user namespaces
  plan.level = IsolationLevel::rlimit;
  plan.policy.limits.pids = 16;
  plan.policy.drop_uid = plan.policy.drop_gid = 4244;  // no other task runs as this uid
  const int forked = in_sandbox(plan, [] {
    std::vector<pid_t> children;
    for (int i = 0; i < 200; ++i) {
      const pid_t child = ::fork();
      if (child == 0) {
        ::pause();
        ::_exit(0);
      }
      if (child < 0) break;
      children.push_back(child);
    }
    for (pid_t child : children) ::kill(child, SIGKILL);
    for (pid_t child : children) ::waitpid(child, nullptr, 0);
    return static_cast<int>(children.size());
  });
  CHECK(forked >= 10);
  CHECK(forked <= 15);  // 16 tasks of the uid, the child itself included
}
