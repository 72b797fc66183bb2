// The kernel's notice: the verdict's wording (runtime::verdict_notice) with the kernel's limits,
// plus the restart when the session ended.
#include "kernel/xeus/cell_outcome_notice.hpp"

#include <catch2/catch.hpp>

using namespace gradebox;
using namespace gradebox::kernel;

TEST_CASE("a live ok or error cell gets no extra notice", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::VerdictKind::error;
  CHECK_FALSE(cell_outcome_notice(verdict, {}).has_value());
  verdict.verdict = runtime::VerdictKind::ok;
  CHECK_FALSE(cell_outcome_notice(verdict, {}).has_value());
}

TEST_CASE("memory death names the kernel's limit and the restart", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::VerdictKind::memory_limit;
  verdict.reason = "memory limit of 512 MiB exceeded; memory.events oom_kill 1";
  verdict.session_alive = false;
  gradebox::sandbox::Limits limits;
  limits.memory_bytes = 512ull << 20;
  auto notice = cell_outcome_notice(verdict, limits);
  REQUIRE(notice);
  CHECK(notice->ename == "MemoryLimitError");
  CHECK(notice->evalue ==
        "The cell ran out of memory (limit 512 MiB). The kernel restarted: variables from "
        "earlier cells are gone.");
  verdict.session_alive = true;  // rlimit level: a MemoryError the session survives
  CHECK(cell_outcome_notice(verdict, limits)->evalue ==
        "The cell ran out of memory (limit 512 MiB).");
}

TEST_CASE("a worker that exits or is killed is reported with the runtime's reason", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::VerdictKind::signaled;
  verdict.reason = "the Python process was killed by signal 11 (Segmentation fault)";
  verdict.session_alive = false;
  auto notice = cell_outcome_notice(verdict, {});
  REQUIRE(notice);
  CHECK(notice->ename == "DeadKernelError");
  CHECK_THAT(notice->evalue,
             Catch::Contains("Segmentation fault") && Catch::Contains("kernel restarted"));
  verdict.verdict =
      runtime::VerdictKind::ok;  // os._exit(0): the cell "finished" but the child is gone
  verdict.reason = "the Python process exited with status 0";
  notice = cell_outcome_notice(verdict, {});
  REQUIRE(notice);
  CHECK(notice->ename == "DeadKernelError");
  CHECK_THAT(notice->evalue, Catch::Contains("exited with status 0"));
}

TEST_CASE("the timeout notice names the kernel's cell timeout", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::VerdictKind::timeout;
  gradebox::sandbox::Limits limits;
  limits.wall_time = std::chrono::seconds(5);
  CHECK(cell_outcome_notice(verdict, limits)->evalue ==
        "The cell ran longer than its time limit of 5 s.");
}
