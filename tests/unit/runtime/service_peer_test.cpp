// Who the zygote service serves (kernel/worker/service_peer.hpp): a client no more confined than
// the service, so never a sandboxed session, whether the service itself runs unconfined or, as in
// a Kubernetes pod with allowPrivilegeEscalation: false and a RuntimeDefault seccomp profile,
// with no_new_privs and a filter of the container's.
#include "kernel/worker/service_peer.hpp"

#include <catch2/catch.hpp>

using gradebox::worker::confinement_refusal;
using gradebox::worker::parse_confinement;
using gradebox::worker::ProcessConfinement;

namespace {

ProcessConfinement status(const std::string& text) {
  const auto parsed = parse_confinement(text);
  REQUIRE(parsed);
  return *parsed;
}

}  // namespace

TEST_CASE("service peer: /proc/<pid>/status gives no_new_privs and the seccomp filters",
          "[runtime][service_peer]") {
  const auto parsed = status(
      "Name:\tpython3\nUid:\t1000\t1000\t1000\t1000\nNoNewPrivs:\t1\nSeccomp:\t2\n"
      "Seccomp_filters:\t3\nSpeculation_Store_Bypass:\tthread vulnerable\n");
  CHECK(parsed.no_new_privs);
  CHECK(parsed.seccomp_mode == 2);
  CHECK(parsed.seccomp_filters == 3);
  CHECK_FALSE(status("NoNewPrivs:\t0\nSeccomp:\t0\n").seccomp_filters);
  CHECK_FALSE(parse_confinement("Name:\tx\nSeccomp:\t0\n"));
  CHECK_FALSE(parse_confinement("NoNewPrivs:\tyes\nSeccomp:\t0\n"));
}

TEST_CASE("service peer: an unconfined service serves only unconfined clients",
          "[runtime][service_peer]") {
  const ProcessConfinement service{false, 0, 0};
  CHECK(confinement_refusal({false, 0, 0}, service).empty());
  CHECK_THAT(confinement_refusal({true, 0, 0}, service), Catch::Contains("no_new_privs"));
  CHECK_THAT(confinement_refusal({false, 2, 1}, service), Catch::Contains("seccomp"));
}

TEST_CASE("service peer: in a confined container, a client with an extra filter is refused",
          "[runtime][service_peer]") {
  const ProcessConfinement service{true, 2, 1};               // the container's profile
  CHECK(confinement_refusal({true, 2, 1}, service).empty());  // a kernel of the pod
  CHECK_THAT(confinement_refusal({true, 2, 2}, service), Catch::Contains("more seccomp filters"));
  // Without Seccomp_filters (Linux < 5.9) a session looks like a kernel: refused.
  CHECK_THAT(confinement_refusal({true, 2, std::nullopt}, {true, 2, std::nullopt}),
             Catch::Contains("cannot be told"));
}
