#include <catch2/catch.hpp>
#include <iostream>
#include "tests/unit/runtime/runtime_fixture.hpp"
using namespace gradebox::runtime;
using namespace gradebox::runtime::testing;
TEST_CASE("probe", "[probe]") {
  auto session = shared_runtime().open_session({});
  const char* code = std::getenv("PROBE_CODE");
  CellRun run = run_cell(*session, code);
  std::cout << "verdict " << to_string(run.verdict.verdict) << " " << run.verdict.reason << "\n";
  for (auto& e : run.events) std::visit([](auto& x){ 
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, StreamEvent>) std::cout << "stream: " << x.text;
    else if constexpr (std::is_same_v<T, ErrorEvent>) { std::cout << "error: " << x.ename << ": " << x.evalue << "\n"; for (auto& l : x.traceback) std::cout << l << "\n"; }
    else if constexpr (std::is_same_v<T, ExecuteResultEvent>) std::cout << "result: " << x.data.dump() << "\n";
    else std::cout << "other event\n";
  }, e);
}
