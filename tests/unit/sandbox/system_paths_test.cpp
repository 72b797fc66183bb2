// The computed read list (sandbox/system_paths.hpp): a course kept outside the distribution's
// trees is unreadable from a run, and the scientific stack still imports (issue #14 item 5).
#include "sandbox/system_paths.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "sandbox/launcher.hpp"
#include "tests/unit/planted_secret.hpp"

using namespace gradebox::sandbox;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

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

bool listed(const fs::path& path) {
  const auto& paths = system_readable_paths();
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

}  // namespace

TEST_CASE("system paths: distribution trees and named /etc files, no site-local tree",
          "[sandbox]") {
  for (const char* present : {"/usr/bin", "/usr/lib", "/usr/share", "/etc/ld.so.cache"})
    CHECK(listed(present));
  for (const char* absent :
       {"/usr", "/etc", "/opt", "/srv", "/home", "/usr/local", "/usr/local/lib", "/etc/passwd"})
    CHECK_FALSE(listed(absent));
  for (const auto& path : system_readable_paths()) {
    INFO(path);
    CHECK(path.is_absolute());
    const auto text = path.string();
    CHECK((text.rfind("/usr/local/", 0) != 0 || text.find("/dist-packages") != std::string::npos));
  }
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
      Policy policy;
      policy.max_level = level;
      const auto read = launch(policy, {"/bin/cat", course.file().string()}, host());
      CHECK(read.kind == VerdictKind::error);
      CHECK(read.stdout_capture.captured.find(gradebox::test::PlantedSecret::text) ==
            std::string::npos);
      const auto list = launch(policy, {"/bin/ls", course.dir().string()}, host());
      CHECK(list.kind == VerdictKind::error);
      CHECK(list.stdout_capture.captured.find("solutions") == std::string::npos);
    }
  }
}

TEST_CASE("the scientific stack imports and plots under the computed read list", "[sandbox]") {
  const std::string program =
      "import numpy, IPython, matplotlib, pandas, scipy, sklearn, sympy, statsmodels\n"
      "import matplotlib.pyplot as plt, mimetypes, time, datetime\n"
      "plt.plot([1, 2], [3, 4]); plt.title('t'); plt.savefig('plot.png')\n"
      "mimetypes.guess_type('a.csv'); time.localtime()\n"
      "print(pandas.Timestamp('2024-01-01', tz='Europe/Paris').isoformat())\n"
      "print('imported')\n";
  for (auto level : reachable_levels()) {
    INFO("level " << to_string(level));
    std::string pattern = (fs::temp_directory_path() / "gradebox-stack-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    const fs::path scratch = pattern;
    if (::geteuid() == 0) REQUIRE(::chown(scratch.c_str(), 65534, 65534) == 0);
    Policy policy;
    policy.max_level = level;
    policy.writable_dir = scratch;
    policy.memory_bytes = 2ull << 30;
    policy.wall_time = 180s;
    policy.cpu_time = 180s;
    policy.environment = default_environment(policy);
    policy.environment.push_back("MPLCONFIGDIR=" + scratch.string());
    const auto v = launch(policy, {"/usr/bin/python3", "-c", program}, host());
    fs::remove_all(scratch);
    INFO(v.stderr_capture.captured);
    CHECK(v.kind == VerdictKind::ok);
    CHECK(v.stdout_capture.captured.find("imported") != std::string::npos);
    CHECK(v.stderr_capture.captured.empty());
  }
}
