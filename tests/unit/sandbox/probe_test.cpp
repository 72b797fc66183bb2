// The probe confirms its level with a trial session (session_trial.hpp), falls back level by
// level when that session fails, caches its answer, and reports each layer (layer_report.hpp).
#include "sandbox/probe.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>

#include "sandbox/confinement.hpp"
#include "sandbox/launcher.hpp"
#include "sandbox/layer_report.hpp"
#include "sandbox/scratch_dir.hpp"
#include "sandbox/setup_error.hpp"

using namespace gradebox::sandbox;
namespace fs = std::filesystem;

namespace {

const LayerState& layer(const std::vector<LayerState>& layers, const std::string& name) {
  for (const auto& l : layers)
    if (l.layer == name) return l;
  FAIL("no layer " << name);
  throw;
}

}  // namespace

TEST_CASE("probe: the level it reports is one whose trial session ran", "[sandbox][probe]") {
  const HostProbe host = probe_host();
  REQUIRE_FALSE(host.trials.empty());
  const SessionTrial* trial = host.working_trial();
  REQUIRE(trial);
  CHECK(trial->level == host.best_level());
  CHECK(host.best_level() <= host.capable_level());
  CHECK_THAT(trial->layers, Catch::VectorContains(std::string("seccomp")));
  // A run at that level gets it.
  Policy policy;
  policy.max_level = policy.required_level = host.best_level();
  const Verdict verdict = launch(policy, {"/bin/true"}, host);
  CHECK(verdict.kind == VerdictKind::ok);
  CHECK(verdict.level == host.best_level());
  INFO("probe took " << host.took.count() << " us, its session " << trial->took.count() << " us");
  CHECK(host.took < std::chrono::seconds(2));
}

TEST_CASE("probe: the answer is cached per process", "[sandbox][probe]") {
  const auto first = probe_host();
  const auto started = std::chrono::steady_clock::now();
  const auto second = probe_host();
  CHECK(std::chrono::steady_clock::now() - started < first.took);
  CHECK(second.took == first.took);
  CHECK(second.trials.size() == first.trials.size());
}

TEST_CASE("probe: a level whose session is not in its cgroup is not reported", "[sandbox][probe]") {
  // A "cgroup v1 hierarchy" that is a plain directory: groups and limit files can be made there,
  // and capability checks pass, but no process is ever in it (the --privileged container case).
  ScratchDir fake = ScratchDir::create("probe-test");
  fs::create_directory(fake.path() / "memory");
  fs::create_directory(fake.path() / "pids");
  ProbeOptions options;
  options.confirm_with_session = false;
  HostProbe host = probe_host(options);
  host.cgroup2.delegation.reset();
  host.cgroup1.hierarchies =
      cgroup1::Hierarchies{fake.path() / "memory", fake.path() / "pids", {}, {}, false};
  REQUIRE(host.capable_level() == IsolationLevel::cgroup1);
  confirm_with_sessions(host);
  REQUIRE(host.trials.size() >= 2);
  CHECK_FALSE(host.trials.front().ok);
  CHECK(host.trials.front().level == IsolationLevel::cgroup1);
  CHECK_THAT(host.trials.front().failure, Catch::Contains("is not in its cgroup"));
  CHECK(host.best_level() == IsolationLevel::rlimit);
  const auto layers = describe_layers(host);
  CHECK_FALSE(layer(layers, "cgroup memory").used);
  CHECK_THAT(layer(layers, "cgroup memory").detail,
             Catch::Contains("a session there fails: the session is not in its cgroup"));
}

TEST_CASE("probe: when no trial session runs, prepare refuses with the failure",
          "[sandbox][probe]") {
  HostProbe host;
  host.seccomp = true;
  host.trials.push_back({IsolationLevel::rlimit,
                         false,
                         false,
                         "seccomp: loading the filter: "
                         "Operation not permitted",
                         {},
                         {}});
  CHECK(host.no_working_session());
  CHECK(host.best_level() == IsolationLevel::rlimit);
  Policy policy;
  CHECK_THROWS_WITH(Confinement::prepare(policy, host),
                    Catch::Contains("no sandboxed session starts on this host: seccomp: loading"));
  CHECK_FALSE(layer(describe_layers(host), "seccomp").used);
  CHECK_THAT(layer(describe_layers(host), "seccomp").detail,
             Catch::Contains("no session starts on this host"));
}

TEST_CASE("probe: the layer report says used, available or not, and the fix", "[sandbox][probe]") {
  HostProbe host;
  host.seccomp = true;
  host.landlock_abi = 0;
  host.namespaces = {true, true, true, true, true, true};
  host.trials.push_back({IsolationLevel::rlimit,
                         true,
                         true,
                         "",
                         {"namespaces:user,net,ipc,uts", "rlimits", "no_new_privs", "seccomp"},
                         {}});
  const auto layers = describe_layers(host);
  CHECK(layer(layers, "user namespace").used);
  CHECK(layer(layers, "uts namespace").used);
  CHECK_FALSE(layer(layers, "mount namespace").used);
  CHECK(layer(layers, "mount namespace").available);
  CHECK_FALSE(layer(layers, "private /dev/shm").used);
  CHECK_THAT(layer(layers, "private /dev/shm").detail,
             Catch::Contains("needs a mount namespace of the session's own"));
  CHECK_FALSE(layer(layers, "landlock").available);
  CHECK_THAT(layer(layers, "landlock").fix, Catch::Contains("Linux >= 5.13"));
  CHECK_FALSE(layer(layers, "cgroup pids").available);
  CHECK_THAT(
      layer(layers, "rlimits").detail,
      Catch::Contains("RLIMIT_NPROC = the pids limit (in the session's own user namespace)"));
  CHECK(layer(layers, "seccomp").used);
  CHECK(layer(layers, "seccomp").fix.empty());
}

TEST_CASE("probe: namespaces dropped after their session failed are reported with why",
          "[sandbox][probe]") {
  HostProbe host;
  host.seccomp = true;
  host.namespaces_dropped = "sessions with namespaces fail: write /proc/self/uid_map: EPERM";
  host.trials.push_back({IsolationLevel::rlimit, true, false, "write /proc/self/uid_map", {}, {}});
  host.trials.push_back({IsolationLevel::rlimit, false, true, "", {"rlimits", "seccomp"}, {}});
  const auto layers = describe_layers(host);
  const auto& user = layer(layers, "user namespace");
  CHECK(user.available);
  CHECK_FALSE(user.used);
  CHECK_THAT(user.detail,
             Catch::Contains("sessions with namespaces fail: write /proc/self/uid_map"));
  CHECK_FALSE(user.fix.empty());
  CHECK_THAT(layer(layers, "rlimits").detail, Catch::Contains("the session uid's running tasks"));
}
