// Python semantics through the runtime: streams, results, errors, display, magics, fallback.
#include <catch2/catch.hpp>

#include "tests/unit/runtime/runtime_fixture.hpp"

using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;

TEST_CASE("1+1 gives an execute_result and verdict ok", "[runtime]") {
  auto session = shared_runtime().open_session({});
  const CellRun run = run_cell(*session, "1+1");
  CHECK(run.verdict.verdict == Verdict::ok);
  REQUIRE(run.results().size() == 1);
  CHECK(run.results()[0].data["text/plain"] == "2");
  CHECK(run.results()[0].execution_count == 1);
  CHECK(run.verdict.execution_count == 1);
}
