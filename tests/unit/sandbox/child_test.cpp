// apply_to_current_process in a forked child (the zygote path): each check runs in the child
// after the sandbox is applied and reports a bit; the parent asserts on the bits.
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <functional>

#include <catch2/catch.hpp>

#include "sandbox/confinement.hpp"
#include "sandbox/landlock.hpp"

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
  plan.policy.open_files = 32;
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

TEST_CASE("child: seccomp refuses inet sockets and ptrace with errnos, allows unix sockets", "[sandbox]") {
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
  const fs::path outside = fs::temp_directory_path() / ("gradebox-outside-" + std::to_string(::getpid()));
  const int rc = in_sandbox(plan_with_scratch(scratch.dir), [&] {
    int bits = 0;
    if (::open("scratch-file", O_CREAT | O_WRONLY, 0600) >= 0) bits |= 1;     // cwd = scratch
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
