// The zygote service from the client API: a Runtime attaches to it and runs cells in a forked
// connection zygote; a policy the service was not started for falls back to a zygote of its own,
// saying why; closing the runtime ends its connection zygote, which runs no Python code. Root only
// (skipped otherwise).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "kernel/runtime/zygote_connection.hpp"
#include "sandbox/probe.hpp"
#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

namespace {

std::filesystem::path socket_path() {
  return std::filesystem::temp_directory_path() /
         ("gradebox-zygote-test-" + std::to_string(::getpid()) + ".sock");
}

}  // namespace

TEST_CASE("a runtime attaches to a zygote service, or falls back saying why",
          "[runtime][zygote_service]") {
  if (::geteuid() != 0) {
    WARN("skipped: the zygote service runs as root only");
    return;
  }
  const auto host = gradebox::sandbox::probe_host();
  const auto sock = socket_path();
  RuntimePolicy policy = test_policy();
  const ZygoteService service(policy, host, sock);
  policy.zygote_socket = sock;

  SECTION("same policy: attached, sessions run in a connection zygote of the service") {
    {
      auto runtime = Runtime::start(policy, host);
      const auto info = runtime->worker_info();
      CHECK(info["zygote"]["attached"] == true);
      CHECK(info["pid"] != service.pid());
      CHECK(children_of(service.pid()) == std::to_string(info["pid"].get<int>()) + " ");
      auto session = runtime->open_session({});
      CHECK(run_cell(*session, "print(6 * 7)").stdout_text() == "42\n");
    }
    // The runtime is gone: so is its connection zygote.
    for (int i = 0; i < 250 && !children_of(service.pid()).empty(); ++i) ::usleep(20000);
    CHECK(children_of(service.pid()).empty());
  }
  SECTION("a connection zygote runs no Python code: it copies little of the listener's memory") {
    // Python's fork hooks in a connection zygote (logging, threading, random) touched objects
    // all over the listener's interpreter: ~1 MiB of pages copied per kernel, and copied again
    // by its session. What is left is the zygote's own C++ work (its hello, its loop) and the
    // originals of pages the listener wrote since (40-370 KiB measured; 1.1 MiB with the hooks).
    auto runtime = Runtime::start(policy, host);
    const int zygote = runtime->worker_info()["pid"].get<int>();
    const long private_kib = smaps_kb(zygote, "Private_Dirty");
    INFO("connection zygote " << zygote << ": " << private_kib << " KiB private dirty");
    CHECK(private_kib > 0);
    CHECK(private_kib < 640);
  }
  SECTION("another preload list or python mode: a zygote of our own, with the reason") {
    RuntimePolicy other = policy;
    other.preload_modules = {};
    CHECK_THROWS_WITH(attach_zygote_service(sock, other, zygote_namespaces(other, host)),
                      Catch::Contains("preloads"));
    other = policy;
    other.python_mode = "plain";
    auto runtime = Runtime::start(other, host);
    const auto info = runtime->worker_info();
    CHECK(info["zygote"]["attached"] == false);
    CHECK_THAT(info["zygote"]["fallback"].get<std::string>(), Catch::Contains("python mode"));
    auto session = runtime->open_session({});
    CHECK(run_cell(*session, "print(1)").stdout_text() == "1\n");
  }
}
