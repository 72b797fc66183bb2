// Policy units and plan serialization.
#include "sandbox/policy.hpp"

#include <catch2/catch.hpp>

#include "sandbox/confinement.hpp"

using namespace gradebox::sandbox;
using namespace std::chrono_literals;

TEST_CASE("sizes take K/M/G/T units in powers of 1024", "[sandbox]") {
  CHECK(parse_size("100") == 100);
  CHECK(parse_size("512M") == 512ull << 20);
  CHECK(parse_size("2G") == 2ull << 30);
  CHECK(parse_size("1.5K") == 1536);
  CHECK(parse_size("64MiB") == 64ull << 20);
  CHECK_THROWS_WITH(parse_size("12Q"), Catch::Contains("invalid size '12Q'"));
  CHECK_THROWS(parse_size(""));
  CHECK_THROWS(parse_size("-1M"));
}

TEST_CASE("durations take ms, s, m, h units", "[sandbox]") {
  CHECK(parse_duration("1.5s") == 1500ms);
  CHECK(parse_duration("300ms") == 300ms);
  CHECK(parse_duration("2") == 2000ms);
  CHECK(parse_duration("1m") == 60000ms);
  CHECK_THROWS_WITH(parse_duration("5 parsecs"), Catch::Contains("invalid duration"));
}

TEST_CASE("isolation levels parse and order weakest to strongest", "[sandbox]") {
  CHECK(parse_isolation_level("cgroup2") == IsolationLevel::cgroup2);
  CHECK(parse_isolation_level("rlimit") == IsolationLevel::rlimit);
  CHECK_FALSE(parse_isolation_level("docker"));
  CHECK(IsolationLevel::rlimit < IsolationLevel::cgroup1);
  CHECK(IsolationLevel::cgroup1 < IsolationLevel::cgroup2);
}

TEST_CASE("a child plan survives its JSON form", "[sandbox]") {
  ChildPlan plan;
  plan.policy.limits.wall_time = 1234ms;
  plan.policy.limits.memory_bytes = 99;
  plan.policy.limits.cpu_time.reset();  // unlimited
  plan.policy.limits.traceback_lines = 7;
  plan.policy.writable_dir = "/tmp/x";
  plan.policy.readable_paths = {"/srv/a", "/srv/b"};
  plan.policy.environment = {"A=1"};
  plan.policy.required_level = IsolationLevel::cgroup1;
  plan.level = IsolationLevel::cgroup1;
  plan.cgroup_procs_files = {"/sys/fs/cgroup/memory/g/cgroup.procs"};
  plan.namespaces.net = true;
  plan.keep_fds = {7};
  const ChildPlan back = child_plan_from_json(nlohmann::json::parse(to_json(plan).dump()));
  CHECK(back.policy.limits.wall_time == 1234ms);
  CHECK(back.policy.limits.memory_bytes == 99);
  CHECK_FALSE(back.policy.limits.cpu_time);
  CHECK(back.policy.limits.traceback_lines == 7);
  CHECK(back.policy.writable_dir == "/tmp/x");
  CHECK(back.policy.readable_paths.size() == 2);
  CHECK(back.policy.environment == std::vector<std::string>{"A=1"});
  CHECK(back.policy.required_level == IsolationLevel::cgroup1);
  CHECK_FALSE(back.policy.max_level);
  CHECK(back.level == IsolationLevel::cgroup1);
  CHECK(back.cgroup_procs_files == plan.cgroup_procs_files);
  CHECK(back.namespaces.net);
  CHECK_FALSE(back.namespaces.user);
  CHECK(back.keep_fds == std::vector<int>{7});
}

TEST_CASE("a malformed child plan names the bad field", "[sandbox]") {
  auto json = to_json(ChildPlan{});
  json["policy"]["limits"].erase("memory_bytes");
  CHECK_THROWS_WITH(child_plan_from_json(json), Catch::Contains("memory_bytes"));
  json = to_json(ChildPlan{});
  json["level"] = "cgroup9";
  CHECK_THROWS_WITH(child_plan_from_json(json), Catch::Contains("level"));
}

TEST_CASE("the default environment is minimal and points HOME/TMPDIR at the writable dir",
          "[sandbox]") {
  Policy policy;
  policy.writable_dir = "/work/x";
  const auto env = default_environment(policy);
  CHECK(std::find(env.begin(), env.end(), "HOME=/work/x") != env.end());
  CHECK(std::find(env.begin(), env.end(), "TMPDIR=/work/x") != env.end());
  for (const auto& entry : env) CHECK(entry.rfind("LD_", 0) != 0);
}
