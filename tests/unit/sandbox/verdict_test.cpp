// decide_verdict rules and the JSON schema.
#include "sandbox/verdict.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

using namespace gradebox::sandbox;

namespace {

int exited(int code) {
  return (code & 0xff) << 8;
}
int killed_by(int sig) {
  return sig & 0x7f;
}

Verdict decide(RunFacts facts) {
  return decide_verdict(facts, Policy{});
}

}  // namespace

TEST_CASE("exit statuses become ok or error with the code", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = exited(0);
  CHECK(decide(facts).kind == VerdictKind::ok);
  facts.wait_status = exited(137);
  const auto v = decide(facts);
  CHECK(v.kind == VerdictKind::error);
  CHECK(v.exit_code == 137);
  CHECK_FALSE(v.signal);
}

TEST_CASE("memory_limit needs evidence", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = killed_by(SIGKILL);
  CHECK(decide(facts).kind == VerdictKind::signaled);  // a bare SIGKILL proves nothing
  facts.oom_kills = 1;
  auto v = decide(facts);
  CHECK(v.kind == VerdictKind::memory_limit);
  CHECK_THAT(v.evidence.at(0), Catch::Contains("oom_kill 1"));
  facts.oom_kills = 0;
  facts.memory_limit_reached = true;
  CHECK(decide(facts).kind == VerdictKind::memory_limit);
}

TEST_CASE("at the rlimit level a failure with the kernel's peak near the limit is memory_limit",
          "[sandbox]") {
  RunFacts python;
  python.wait_status = exited(1);
  python.address_space_limit = true;
  python.peak_memory_bytes = Policy{}.limits.memory_bytes / 10 * 9;
  python.peak_memory_source = "ru_maxrss";
  auto v = decide(python);
  CHECK(v.kind == VerdictKind::memory_limit);
  CHECK_THAT(v.evidence.at(0), Catch::Contains("ru_maxrss"));
  python.wait_status = exited(0);  // it recovered
  CHECK(decide(python).kind == VerdictKind::ok);
  python.wait_status = exited(1);
  python.address_space_limit = false;  // under a cgroup the oom counter is the evidence
  CHECK(decide(python).kind == VerdictKind::error);
}

// Issue #14 item 17: what the program writes is not evidence. (It cannot send itself SIGSYS or
// SIGXCPU either: hostile.forged_kernel_signals.)
TEST_CASE("attack: a program cannot fake memory_limit or cpu_limit", "[sandbox][attack]") {
  // `print("MemoryError", file=sys.stderr); sys.exit(1)` or `raise MemoryError` in a small
  // program: no kernel peak near the limit, so an error with its exit code.
  RunFacts printed;
  printed.wait_status = exited(1);
  printed.address_space_limit = true;
  printed.peak_memory_bytes = 9 << 20;
  auto v = decide(printed);
  CHECK(v.kind == VerdictKind::error);
  CHECK(v.exit_code == 1);
  // A SIGKILL it sent itself after a little CPU and memory.
  RunFacts self_kill;
  self_kill.wait_status = killed_by(SIGKILL);
  self_kill.cpu_ms = 30;
  self_kill.peak_memory_bytes = 9 << 20;
  CHECK(decide(self_kill).kind == VerdictKind::signaled);
}

TEST_CASE("wall limit wins over the SIGKILL it caused", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = killed_by(SIGKILL);
  facts.wall_limit_hit = true;
  facts.oom_kills = 0;
  CHECK(decide(facts).kind == VerdictKind::timeout);
}

TEST_CASE("SIGSYS is a policy violation, SIGXCPU a cpu limit, SIGSEGV signaled", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = killed_by(SIGSYS);
  CHECK(decide(facts).kind == VerdictKind::policy_violation);
  facts.wait_status = killed_by(SIGXCPU);
  CHECK(decide(facts).kind == VerdictKind::cpu_limit);
  facts.wait_status = killed_by(SIGKILL);
  facts.cpu_ms = Policy{}.limits.cpu_time->count();
  CHECK(decide(facts).kind == VerdictKind::cpu_limit);
  facts.cpu_ms = 5;
  facts.wait_status = killed_by(SIGSEGV);
  const auto v = decide(facts);
  CHECK(v.kind == VerdictKind::signaled);
  CHECK(v.signal == SIGSEGV);
  CHECK(signal_name(SIGSEGV) == "SIGSEGV");
}

TEST_CASE("output over the cap and set-up failures", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = exited(0);
  facts.output_limit_hit = true;
  CHECK(decide(facts).kind == VerdictKind::output_limit);
  facts.setup_error = "landlock: restrict self: Operation not permitted";
  const auto v = decide(facts);
  CHECK(v.kind == VerdictKind::internal_error);
  CHECK_THAT(v.detail, Catch::Contains("landlock"));
}

TEST_CASE("verdict JSON carries schema, level, limits and lossy-safe output", "[sandbox]") {
  RunFacts facts;
  facts.wait_status = exited(0);
  facts.cpu_ms = 12;
  facts.peak_memory_bytes = 4096;
  facts.peak_memory_source = "memory.peak";
  Verdict v = decide(facts);
  v.level = IsolationLevel::cgroup1;
  v.layers = {"cgroup1", "seccomp"};
  v.stdout_capture.total_bytes = 10;
  v.stdout_capture.captured = std::string("ab\xff", 3);
  const auto j = to_json(v, Policy{});
  CHECK(j["schema"] == "gradebox.verdict");
  CHECK(j["version"] == 1);
  CHECK(j["verdict"] == "ok");
  CHECK(j["level"] == "cgroup1");
  CHECK(j["cpu_ms"] == 12);
  CHECK(j["peak_memory_source"] == "memory.peak");
  CHECK(j["stdout"]["truncated"] == true);
  CHECK(j["stdout"]["text"] == "ab\xEF\xBF\xBD");
  CHECK(j["limits"]["memory_bytes"] == Policy{}.limits.memory_bytes);
  CHECK(j["signal"].is_null());
  CHECK_NOTHROW(j.dump());
}
