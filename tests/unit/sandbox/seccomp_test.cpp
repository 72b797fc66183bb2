// The seccomp programs embedded at build time are what libseccomp compiles from the rules now.
#include "sandbox/seccomp.hpp"

#include <catch2/catch.hpp>
#include <cstring>

#include "sandbox/seccomp_rules.hpp"

using namespace gradebox::sandbox;

namespace {

bool same(const seccomp::Program& a, const seccomp::Program& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof a[0]) == 0;
}

}  // namespace

TEST_CASE("seccomp: the embedded programs equal a fresh libseccomp compilation", "[sandbox]") {
  for (bool network : {false, true}) {
    INFO("network " << network);
    const auto embedded = seccomp::embedded_program(network);
    CHECK(embedded.size() > 50);
    CHECK(same(embedded, seccomp::compile_with_libseccomp(network)));
  }
  // The network rules make the two differ.
  CHECK_FALSE(same(seccomp::embedded_program(false), seccomp::embedded_program(true)));
}
