// The one wording of verdicts for students (kernel error outputs, autograde feedback).
#include "kernel/runtime/verdict_notice.hpp"

#include <signal.h>

#include <array>
#include <catch2/catch.hpp>
#include <cctype>
#include <set>

#include "kernel/runtime/death_reason.hpp"

using namespace gradebox::runtime;

namespace {

constexpr std::array all_verdicts = {VerdictKind::ok,           VerdictKind::error,
                                     VerdictKind::timeout,      VerdictKind::cpu_limit,
                                     VerdictKind::memory_limit, VerdictKind::output_limit,
                                     VerdictKind::signaled,     VerdictKind::policy_violation,
                                     VerdictKind::tampered,     VerdictKind::internal_error};

// What the sandbox records as evidence; a student reads none of it.
constexpr std::array sandbox_words = {"memory.max", "memory.events", "memory.peak", "cgroup",
                                      "oom_kill",   "failcnt",       "RLIMIT",      "max_usage"};

RuntimePolicy limits() {
  RuntimePolicy policy;
  policy.limits.memory_bytes = 512ull << 20;
  policy.limits.wall_time = std::chrono::seconds(30);
  policy.limits.cpu_time = std::chrono::seconds(60);
  policy.limits.output_bytes = 1ull << 20;
  return policy;
}

// The verdicts the runtime decides when a session dies, with cgroup evidence at hand.
std::vector<CellVerdict> deaths() {
  ConfinementEvidence cgroup;
  cgroup.evidence = {"memory.events oom_kill 1", "memory.max 536870912", "cgroup v1 failcnt 3"};
  ConfinementEvidence oom = cgroup;
  oom.oom_killed = true;
  const auto killed_by = [](int signal) { return ChildExit{signal, 10, 1000}; };
  return {death_verdict(killed_by(SIGKILL), oom, limits()),
          death_verdict(killed_by(SIGSEGV), cgroup, limits()),
          death_verdict(killed_by(SIGSYS), cgroup, limits()),
          death_verdict(killed_by(SIGXCPU), cgroup, limits()),
          death_verdict(ChildExit{3 << 8, 10, 1000}, cgroup, limits()),
          death_verdict(ChildExit{child_setup_failed_exit << 8, 10, 1000}, cgroup, limits()),
          death_verdict(std::nullopt, cgroup, limits())};
}

}  // namespace

TEST_CASE("every verdict but ok and error has an error name, and each name is its own",
          "[runtime][verdict_notice]") {
  std::set<std::string> names;
  for (const VerdictKind kind : all_verdicts) {
    INFO(to_string(kind));
    const bool own = kind == VerdictKind::ok || kind == VerdictKind::error;
    CHECK(error_name(kind).empty() == own);
    if (!own) CHECK(names.insert(error_name(kind)).second);
  }
  CHECK(error_name(VerdictKind::memory_limit) == "MemoryLimitError");
  CHECK(error_name(VerdictKind::timeout) == "CellTimeoutError");
}

TEST_CASE("every verdict of an ended session has a name and a message",
          "[runtime][verdict_notice]") {
  for (const VerdictKind kind : all_verdicts) {
    INFO(to_string(kind));
    CellVerdict verdict;
    verdict.verdict = kind;
    verdict.session_alive = false;
    const auto notice = verdict_notice(verdict, limits());
    REQUIRE(notice);
    CHECK_FALSE(notice->ename.empty());
    CHECK(notice->evalue.ends_with("."));
    const bool sentence = std::isupper(static_cast<unsigned char>(notice->evalue[0])) ||
                          notice->evalue.starts_with("gradebox");
    CHECK(sentence);
  }
}

TEST_CASE("a live cell's own ok or error gets no notice", "[runtime][verdict_notice]") {
  CellVerdict verdict;
  verdict.verdict = VerdictKind::error;
  CHECK_FALSE(verdict_notice(verdict, limits()));
  verdict.verdict = VerdictKind::ok;
  CHECK_FALSE(verdict_notice(verdict, limits()));
}

TEST_CASE("notices name the limit and quote no sandbox internals", "[runtime][verdict_notice]") {
  std::vector<CellVerdict> verdicts = deaths();
  for (const VerdictKind kind : all_verdicts) {  // the reasons the runtime may also carry
    CellVerdict verdict;
    verdict.verdict = kind;
    verdict.reason =
        "memory limit of 512 MiB exceeded; MemoryError at RLIMIT_AS 512 MiB; "
        "memory.events oom_kill 1; cgroup memory.max 536870912";
    if (kind != VerdictKind::ok && kind != VerdictKind::error && kind != VerdictKind::signaled &&
        kind != VerdictKind::policy_violation)
      verdicts.push_back(verdict);
  }
  for (const auto& verdict : verdicts) {
    const auto notice = verdict_notice(verdict, limits());
    REQUIRE(notice);
    INFO(notice->ename << ": " << notice->evalue << " (reason: " << verdict.reason << ")");
    for (const char* word : sandbox_words) CHECK(notice->evalue.find(word) == std::string::npos);
  }
  CellVerdict memory;
  memory.verdict = VerdictKind::memory_limit;
  CHECK(verdict_notice(memory, limits())->evalue == "The cell ran out of memory (limit 512 MiB).");
  CellVerdict timeout;
  timeout.verdict = VerdictKind::timeout;
  CHECK(verdict_notice(timeout, limits())->evalue ==
        "The cell ran longer than its time limit of 30 s.");
  const CellVerdict segfault = deaths()[1];
  CHECK(verdict_notice(segfault, limits())->ename == "DeadKernelError");
  CHECK_THAT(verdict_notice(segfault, limits())->evalue, Catch::Contains("Segmentation fault"));
}
