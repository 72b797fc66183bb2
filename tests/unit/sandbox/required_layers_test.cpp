// Required isolation layers (required_layers.hpp): names, the host check, the child check, and a
// Confinement that refuses to prepare on a host without a required layer.
#include "sandbox/required_layers.hpp"

#include <catch2/catch.hpp>

#include "sandbox/confinement.hpp"
#include "sandbox/setup_error.hpp"

using namespace gradebox::sandbox;

namespace {

HostProbe host_without_landlock() {
  HostProbe host;
  host.seccomp = true;
  host.landlock_abi = 0;
  host.namespaces.user = host.namespaces.net = true;  // uts, pid, ... unavailable
  return host;
}

}  // namespace

TEST_CASE("layer names are checked with the list of known ones", "[sandbox]") {
  CHECK_FALSE(unknown_layer_problem("landlock"));
  CHECK_FALSE(unknown_layer_problem("uts_namespace"));
  CHECK_THAT(*unknown_layer_problem("apparmor"),
             Catch::Contains("\"apparmor\" is not an isolation layer") &&
                 Catch::Contains("landlock, seccomp"));
}

TEST_CASE("a host without Landlock misses a required landlock layer, with why", "[sandbox]") {
  const HostProbe host = host_without_landlock();
  CHECK(missing_on_host(host, {}).empty());
  CHECK(missing_on_host(host, {"seccomp", "user_namespace", "net_namespace"}).empty());
  const auto missing = missing_on_host(host, {"landlock", "seccomp", "uts_namespace"});
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].layer == "landlock");
  CHECK(missing[1].layer == "uts_namespace");
  CHECK_THAT(describe_missing(missing),
             Catch::StartsWith("required isolation layer(s) missing: landlock (the kernel reports "
                               "no Landlock ABI"));
}

TEST_CASE("a child without its Landlock ruleset misses the required layer", "[sandbox]") {
  CHECK(missing_in_child({"rlimits", "landlock:7", "seccomp"}, {"landlock", "seccomp"}).empty());
  const auto missing = missing_in_child({"rlimits", "no_new_privs", "seccomp"}, {"landlock"});
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].layer == "landlock");
}

TEST_CASE("Confinement::prepare refuses a host without a required layer", "[sandbox]") {
  Policy policy;
  policy.max_level = IsolationLevel::rlimit;
  policy.required_layers = {"landlock"};
  CHECK_THROWS_WITH(Confinement::prepare(policy, host_without_landlock()),
                    Catch::Contains("required isolation layer(s) missing: landlock"));
  policy.required_layers = {"seccomp"};
  CHECK_NOTHROW(Confinement::prepare(policy, host_without_landlock()));
}
