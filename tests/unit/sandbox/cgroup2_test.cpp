// cgroup2 against a fake cgroupfs directory (the code path of a pure-v2 host with delegation),
// cgroup2's controller-free core on the real host, and cgroup1 on the real host when it allows.
#include "sandbox/cgroup2.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "sandbox/cgroup1.hpp"
#include "sandbox/cgroup_files.hpp"
#include "sandbox/confinement.hpp"

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

struct FakeCgroup {
  fs::path dir;
  explicit FakeCgroup(const std::string& controllers) {
    std::string pattern = (fs::temp_directory_path() / "gradebox-fake-cgroup-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
    put("cgroup.controllers", controllers);
    put("cgroup.subtree_control", "");
    put("cgroup.procs", "");
  }
  ~FakeCgroup() { fs::remove_all(dir); }
  void put(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
  }
  static std::string get(const fs::path& file) {
    return cgroup_files::read(file).value_or("<absent>");
  }
};

}  // namespace

TEST_CASE("cgroup2: a delegated directory gets its controllers enabled", "[sandbox]") {
  FakeCgroup fake("cpuset cpu io memory pids\n");
  const auto d = cgroup2::detect(fake.dir);
  REQUIRE(d.delegation);
  CHECK(d.delegation->parent == fake.dir);
  CHECK(d.delegation->cpu);
  // A regular file keeps only the last write; the real one accumulates.
  CHECK(FakeCgroup::get(fake.dir / "cgroup.subtree_control") == "+cpu");
}

TEST_CASE("cgroup2: without memory and pids the level is refused with a reason", "[sandbox]") {
  FakeCgroup fake("hugetlb\n");
  const auto d = cgroup2::detect(fake.dir);
  CHECK_FALSE(d.delegation);
  CHECK_THAT(d.reason, Catch::Contains("memory and pids") && Catch::Contains("hugetlb"));
  CHECK_FALSE(cgroup2::detect(fake.dir / "missing").delegation);
}

TEST_CASE("cgroup2: a group gets memory.max, swap 0, pids.max, cpu.max and reports usage",
          "[sandbox]") {
  FakeCgroup fake("memory pids cpu\n");
  Policy policy;
  policy.limits.memory_bytes = 64ull << 20;
  policy.limits.pids = 17;
  fs::path group_dir;
  {
    auto group = cgroup2::Group::prepare(policy, {fake.dir, true});
    group_dir = group.dir();
    CHECK(group_dir.parent_path() == fake.dir);
    CHECK(FakeCgroup::get(group_dir / "memory.max") == std::to_string(64ull << 20));
    CHECK(FakeCgroup::get(group_dir / "pids.max") == "17");
    CHECK(FakeCgroup::get(group_dir / "cpu.max") == "100000 100000");
    CHECK(group.procs_files() == std::vector<fs::path>{group_dir / "cgroup.procs"});
    std::ofstream(group_dir / "memory.peak") << (64ull << 20) << "\n";
    std::ofstream(group_dir / "memory.events") << "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n";
    std::ofstream(group_dir / "cpu.stat") << "usage_usec 2500000\nuser_usec 2000000\n";
    const auto usage = group.collect();
    CHECK(usage.peak_memory_bytes == (64ull << 20));
    CHECK(usage.peak_memory_source == "memory.peak");
    CHECK(usage.oom_kills == 1);
    CHECK(usage.memory_limit_reached);
    CHECK(usage.cpu_ms == 2500);
    CHECK_THAT(usage.evidence.at(0), Catch::Contains("oom_kill 1"));
    // An empty group needs no kill: kill_all returns without touching cgroup.kill.
    group.kill_all();
    CHECK_FALSE(fs::exists(group_dir / "cgroup.kill"));
  }
}

TEST_CASE("cgroup1: a confined child is accounted, killed and its groups removed", "[sandbox]") {
  const auto detection = cgroup1::detect();
  if (!detection.hierarchies) {
    WARN("skipped: cgroup v1 memory+pids not writable here: " << detection.reason);
    return;
  }
  HostProbe host;
  host.cgroup1 = detection;
  Policy policy;
  policy.max_level = IsolationLevel::cgroup1;
  std::vector<fs::path> procs;
  {
    auto run = Confinement::prepare(policy, host);
    CHECK(run.level() == IsolationLevel::cgroup1);
    const auto plan = run.child_plan();
    procs = plan.cgroup_procs_files;
    REQUIRE(procs.size() >= 2);
    const pid_t child = ::fork();
    if (child == 0) {
      for (const auto& f : plan.cgroup_procs_files) cgroup_files::write(f, "0");
      while (true) ::pause();
    }
    // Wait until the child joined.
    for (int i = 0; i < 1000 && cgroup_files::read_pids(procs[0]).empty(); ++i) ::usleep(1000);
    CHECK(cgroup_files::read_pids(procs[0]) == std::vector<pid_t>{child});
    run.kill_all();
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(run.empty());
    const auto usage = run.collect();
    CHECK(usage.peak_memory_source == "memory.max_usage_in_bytes");
  }
  for (const auto& f : procs) CHECK_FALSE(fs::exists(f.parent_path()));
}

TEST_CASE("stale groups of dead owners are removed, live or recent ones kept", "[sandbox]") {
  FakeCgroup fake("memory pids\n");
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ::waitpid(dead, nullptr, 0);
  const auto old = fs::file_time_type::clock::now() - std::chrono::minutes(5);
  const fs::path stale = fake.dir / ("gradebox-" + std::to_string(dead) + "-1");
  const fs::path recent = fake.dir / ("gradebox-" + std::to_string(dead) + "-2");
  const fs::path live = fake.dir / ("gradebox-" + std::to_string(::getpid()) + "-1");
  for (const auto& dir : {stale, recent, live}) fs::create_directory(dir);
  fs::last_write_time(stale, old);
  fs::last_write_time(live, old);
  cgroup_files::remove_stale_groups(fake.dir);
  CHECK_FALSE(fs::exists(stale));
  CHECK(fs::exists(recent));
  CHECK(fs::exists(live));
}

// The real v2 code paths that need no controller: joining through cgroup.procs, cgroup.events
// "populated", cgroup.kill of a tree that left its session, cpu.stat usage, memory.peak absent,
// removal. (On the development machines the v2 hierarchy has no controller at all: memory, pids
// and cpu are bound to v1, so memory.max/pids.max/cpu.max cannot be tested for real there.)
TEST_CASE("cgroup2 (real, core files only): join, account CPU, cgroup.kill the tree, remove",
          "[sandbox]") {
  const auto parent = cgroup2::own_cgroup_dir();
  if (!parent || ::access((*parent / "cgroup.procs").c_str(), W_OK) != 0 ||
      ::access(parent->c_str(), W_OK) != 0) {
    WARN("skipped: no writable cgroup2 directory here (" << (parent ? parent->string() : "none")
                                                         << ")");
    return;
  }
  fs::path dir;
  {
    auto group = cgroup2::Group::create(*parent);
    dir = group.dir();
    if (!fs::exists(dir / "cgroup.kill")) {
      WARN("skipped: kernel without cgroup.kill (before 5.14)");
      return;
    }
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    if (child == 0) {
      ::close(ready[0]);
      cgroup_files::write(group.procs_files().at(0), "0");
      // A grandchild in its own session, as a daemonising program would leave behind.
      if (::fork() == 0) {
        ::setsid();
        while (true) ::pause();
      }
      // Burn some CPU so cpu.stat has something to report, then say so.
      timespec used{};
      do ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
      while (used.tv_sec == 0 && used.tv_nsec < 50'000'000);
      [[maybe_unused]] ssize_t n = ::write(ready[1], "x", 1);
      while (true) ::pause();
    }
    ::close(ready[1]);
    char byte = 0;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    CHECK_FALSE(group.empty());
    CHECK(cgroup_files::read_pids(dir / "cgroup.procs").size() == 2);
    const auto usage = group.collect();
    CHECK_FALSE(usage.peak_memory_bytes);  // memory.peak needs the memory controller
    REQUIRE(usage.cpu_ms);
    CHECK(*usage.cpu_ms >= 40);
    group.kill_all();
    CHECK(group.empty());
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
  }
  CHECK_FALSE(fs::exists(dir));
}
