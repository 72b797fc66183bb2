// launch(): verdicts of real commands at every level this host reaches.
#include "sandbox/launcher.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/unit/planted_secret.hpp"

using namespace gradebox::sandbox;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

struct Scratch {
  fs::path dir;
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "gradebox-launch-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
    if (::geteuid() == 0) REQUIRE(::chown(dir.c_str(), 65534, 65534) == 0);
  }
  ~Scratch() { fs::remove_all(dir); }
};

const HostProbe& host() {
  static const HostProbe probe = probe_host();
  return probe;
}

std::vector<IsolationLevel> reachable_levels() {
  std::vector<IsolationLevel> levels;
  for (auto level : {IsolationLevel::rlimit, IsolationLevel::cgroup1, IsolationLevel::cgroup2})
    if (level <= host().best_level()) levels.push_back(level);
  return levels;
}

Verdict run(IsolationLevel level, const std::vector<std::string>& argv, Policy policy = {}) {
  Scratch scratch;
  policy.writable_dir = scratch.dir;
  policy.max_level = level;
  return launch(policy, argv, host());
}

}  // namespace

TEST_CASE("launch: exit codes pass through and output is captured", "[sandbox]") {
  for (auto level : reachable_levels()) {
    INFO("level " << to_string(level));
    auto v = run(level, {"/bin/sh", "-c", "echo out; echo err >&2; exit 0"});
    CHECK(v.kind == VerdictKind::ok);
    CHECK(v.level == level);
    CHECK(v.stdout_capture.captured == "out\n");
    CHECK(v.stderr_capture.captured == "err\n");
    CHECK(std::find(v.layers.begin(), v.layers.end(), "seccomp") != v.layers.end());
    v = run(level, {"/bin/sh", "-c", "exit 137"});
    CHECK(v.kind == VerdictKind::error);
    CHECK(v.exit_code == 137);
  }
}

TEST_CASE("launch: the wall limit kills the whole tree", "[sandbox]") {
  for (auto level : reachable_levels()) {
    INFO("level " << to_string(level));
    Policy policy;
    policy.limits.wall_time = 300ms;
    const auto v = run(level, {"/bin/sh", "-c", "sleep 60 & sleep 60"}, policy);
    CHECK(v.kind == VerdictKind::timeout);
    CHECK(v.wall_ms < 3000);
  }
}

TEST_CASE("launch: output beyond the cap is counted, not kept", "[sandbox]") {
  Policy policy;
  policy.limits.output_bytes = 1000;
  const auto v = run(host().best_level(), {"/bin/sh", "-c", "head -c 100000 /dev/zero"}, policy);
  CHECK(v.kind == VerdictKind::output_limit);
  CHECK(v.stdout_capture.captured.size() == 1000);
  CHECK(v.stdout_capture.total_bytes == 100000);
}

TEST_CASE("launch: a missing program is an error with exit 127", "[sandbox]") {
  const auto v = run(IsolationLevel::rlimit, {"/nonexistent/program"});
  CHECK(v.kind == VerdictKind::error);
  CHECK(v.exit_code == 127);
  CHECK_THAT(v.detail, Catch::Contains("cannot execute"));
}

TEST_CASE("launch: --require-level above what the host gives is refused", "[sandbox]") {
  Policy policy;
  policy.max_level = IsolationLevel::rlimit;
  policy.required_level = IsolationLevel::cgroup1;
  CHECK_THROWS_WITH(launch(policy, {"/bin/true"}, host()), Catch::Contains("cgroup1 is required"));
}

TEST_CASE("launch: the program is found on the policy's PATH, scripts without #! run by sh",
          "[sandbox]") {
  Scratch scratch;
  const fs::path script = scratch.dir / "script";
  {
    std::ofstream out(script);
    out << "echo from-script\n";
  }
  fs::permissions(script, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  Policy policy;
  policy.writable_dir = scratch.dir;
  policy.max_level = IsolationLevel::rlimit;
  policy.environment = {"PATH=" + scratch.dir.string() + ":/usr/bin:/bin"};
  auto v = launch(policy, {"script"}, host());
  CHECK(v.kind == VerdictKind::ok);
  CHECK(v.stdout_capture.captured == "from-script\n");
  v = launch(policy, {"true"}, host());
  CHECK(v.kind == VerdictKind::ok);
}

TEST_CASE("attack: a course under /opt, /srv, /usr/local, /etc or /home is unreadable from a run",
          "[sandbox][attack]") {
  if (::geteuid() != 0) {
    WARN("skipped: planting a course under the system prefixes needs root");
    return;
  }
  for (const auto& prefix : gradebox::test::course_prefixes()) {
    const gradebox::test::PlantedSecret course(prefix);
    if (course.dir().empty()) {
      WARN("no course planted under " << prefix << " (missing or read-only)");
      continue;
    }
    for (auto level : reachable_levels()) {
      INFO(course.file() << " at level " << to_string(level));
      const auto read = run(level, {"/bin/cat", course.file().string()});
      CHECK(read.kind == VerdictKind::error);
      CHECK(read.stdout_capture.captured.find(gradebox::test::PlantedSecret::text) ==
            std::string::npos);
      const auto list = run(level, {"/bin/ls", course.dir().string()});
      CHECK(list.kind == VerdictKind::error);
      CHECK(list.stdout_capture.captured.find("solutions") == std::string::npos);
    }
  }
}

TEST_CASE("launch: the scientific stack imports and plots under the computed read list",
          "[sandbox]") {
  const std::string program =
      "import numpy, IPython, matplotlib, pandas, scipy, sklearn, sympy, statsmodels\n"
      "import matplotlib.pyplot as plt, mimetypes, time\n"
      "plt.plot([1, 2], [3, 4]); plt.title('t'); plt.savefig('plot.png')\n"
      "mimetypes.guess_type('a.csv'); time.localtime()\n"
      "print(pandas.Timestamp('2024-01-01', tz='Europe/Paris').isoformat())\n"
      "print('imported')\n";
  for (auto level : reachable_levels()) {
    INFO("level " << to_string(level));
    Policy policy;
    policy.limits.memory_bytes = 2ull << 30;
    policy.limits.wall_time = 180s;
    policy.limits.cpu_time = 180s;
    const auto v = run(level, {"/usr/bin/python3", "-c", program}, policy);
    INFO(v.stderr_capture.captured);
    CHECK(v.kind == VerdictKind::ok);
    CHECK(v.stdout_capture.captured.find("imported") != std::string::npos);
    CHECK(v.stderr_capture.captured.empty());
  }
}
