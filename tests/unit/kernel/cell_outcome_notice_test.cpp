// Wording of limit and worker-death errors shown in the cell.
#include "kernel/xeus/cell_outcome_notice.hpp"

#include <catch2/catch.hpp>

using namespace gradebox;
using namespace gradebox::kernel;

TEST_CASE("a live ok or error cell gets no extra notice", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::Verdict::error;
  CHECK_FALSE(cell_outcome_notice(verdict, {}).has_value());
  verdict.verdict = runtime::Verdict::ok;
  CHECK_FALSE(cell_outcome_notice(verdict, {}).has_value());
}

TEST_CASE("memory death names the limit and the restart", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::Verdict::memory_limit;
  verdict.session_alive = false;
  KernelLimits limits;
  limits.memory_bytes = 512ull << 20;
  auto notice = cell_outcome_notice(verdict, limits);
  REQUIRE(notice);
  CHECK(notice->ename == "MemoryLimitExceeded");
  CHECK(notice->evalue ==
        "The sandbox ran out of memory (limit 512 MiB); the kernel restarted, variables from "
        "earlier cells are gone.");
}

TEST_CASE("a worker that exits or is killed is reported with the runtime's reason", "[kernel]") {
  runtime::CellVerdict verdict;
  verdict.verdict = runtime::Verdict::signaled;
  verdict.reason = "worker killed by signal 11 (Segmentation fault)";
  verdict.session_alive = false;
  auto notice = cell_outcome_notice(verdict, {});
  REQUIRE(notice);
  CHECK(notice->ename == "WorkerDied");
  CHECK_THAT(notice->evalue, Catch::Contains("Segmentation fault") &&
                                 Catch::Contains("kernel restarted"));
  verdict.verdict = runtime::Verdict::ok;  // os._exit(0): the cell "finished" but the child is gone
  verdict.reason = "worker exited with status 0";
  notice = cell_outcome_notice(verdict, {});
  REQUIRE(notice);
  CHECK_THAT(notice->evalue, Catch::Contains("exited with status 0"));
}
