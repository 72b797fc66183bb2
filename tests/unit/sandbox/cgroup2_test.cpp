// cgroup2 against a fake cgroupfs directory (the code path of a pure-v2 host with delegation),
// and cgroup1 on the real host when it allows.
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "sandbox/cgroup1.hpp"
#include "sandbox/cgroup2.hpp"
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
  void put(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
  static std::string get(const fs::path& file) { return cgroup_files::read(file).value_or("<absent>"); }
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

TEST_CASE("cgroup2: a group gets memory.max, swap 0, pids.max, cpu.max and reports usage", "[sandbox]") {
  FakeCgroup fake("memory pids cpu\n");
  Policy policy;
  policy.memory_bytes = 64ull << 20;
  policy.max_pids = 17;
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
    group.kill_all();
    CHECK(FakeCgroup::get(group_dir / "cgroup.kill") == "1");
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
