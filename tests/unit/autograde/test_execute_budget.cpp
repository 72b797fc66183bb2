// The execute step's budgets over a whole notebook (ExecutionBudget): a wall budget after which
// later cells are not run (verdict timeout, the reason naming the key), a running cell given only
// the time left, and an output budget beyond which output is dropped as it arrives.
#include <catch2/catch.hpp>
#include <thread>

#include "grader/autograde/execute_cells.hpp"
#include "tests/unit/autograde/fixture_notebooks.hpp"

namespace gradebox::autograde {
using namespace testing;
using namespace std::chrono_literals;
using notebook::Json;

namespace {

// Each cell sleeps `sleep` (or its request's timeout, if shorter: then verdict timeout) and prints
// `output_bytes` bytes in 64 KiB chunks.
class FakeSession : public runtime::Session {
 public:
  FakeSession(std::chrono::milliseconds sleep, std::size_t output_bytes,
              std::vector<std::optional<std::chrono::milliseconds>>& timeouts)
      : sleep_(sleep), output_bytes_(output_bytes), timeouts_(timeouts) {}
  runtime::CellVerdict execute(const runtime::ExecuteRequest& request,
                               const runtime::EventCallback& on_event,
                               const runtime::InputCallback& = {}) override {
    timeouts_.push_back(request.timeout);
    for (std::size_t sent = 0; sent < output_bytes_; sent += 64 << 10)
      on_event(runtime::StreamEvent{runtime::StreamEvent::Name::stdout_stream,
                                    std::string(64 << 10, 'x')});
    runtime::CellVerdict verdict;
    verdict.verdict = runtime::VerdictKind::ok;
    const bool cut = request.timeout && *request.timeout < sleep_;
    std::this_thread::sleep_for(cut ? *request.timeout : sleep_);
    if (cut) verdict.verdict = runtime::VerdictKind::timeout;
    return verdict;
  }
  runtime::CompleteReply complete(const runtime::CompleteRequest&) override { return {}; }
  runtime::InspectReply inspect(const runtime::InspectRequest&) override { return {}; }
  runtime::IsCompleteReply is_complete(const runtime::IsCompleteRequest&) override { return {}; }
  runtime::HistoryReply history(const runtime::HistoryRequest&) override { return {}; }
  void interrupt() override {}
  void close(const runtime::ShutdownRequest& = {}) override {}
  bool alive() const override { return true; }
  std::optional<runtime::CellVerdict> death() const override { return std::nullopt; }
  int pid() const override { return 0; }
  const runtime::RuntimePolicy& policy() const override { return policy_; }

 private:
  runtime::RuntimePolicy policy_;
  std::chrono::milliseconds sleep_;
  std::size_t output_bytes_;
  std::vector<std::optional<std::chrono::milliseconds>>& timeouts_;
};

notebook::Notebook code_cells(int count) {
  Json cells = Json::array();
  for (int i = 0; i < count; ++i)
    cells.push_back({{"cell_type", "code"},
                     {"metadata", Json::object()},
                     {"source", "pass"},
                     {"outputs", Json::array()},
                     {"execution_count", nullptr}});
  Json doc = {
      {"cells", cells}, {"metadata", Json::object()}, {"nbformat", 4}, {"nbformat_minor", 5}};
  return notebook::Notebook::from_text(doc.dump(), "budget.ipynb");
}

std::string verdict_of(const notebook::Notebook& nb, std::size_t i) {
  return nb.cell(i)["metadata"]["gradebox"].value("verdict", "");
}

}  // namespace

TEST_CASE("execute budget: cells after the notebook's wall budget are not run", "[budget]") {
  std::vector<std::optional<std::chrono::milliseconds>> timeouts;
  notebook::Notebook nb = code_cells(6);
  ExecutionBudget budget;
  budget.notebook_wall = 250ms;
  budget.cell_timeout = 1000ms;
  const auto open = [&] { return std::make_unique<FakeSession>(100ms, 0, timeouts); };
  run_step(execute_cells(open, {}, budget), nb);
  // 0-100, 100-200, 200-250 (cut to the 50 ms left); a loaded machine may fit one cell fewer.
  REQUIRE((timeouts.size() == 3 || timeouts.size() == 2));
  REQUIRE(timeouts.back());
  CHECK(*timeouts.back() <= 150ms);
  CHECK(verdict_of(nb, 0) == "ok");
  const std::size_t cut = timeouts.size() - 1;
  CHECK(verdict_of(nb, cut) == "timeout");
  CHECK_THAT(nb.cell(cut)["metadata"]["gradebox"].value("reason", ""),
             Catch::Contains("ran out during this cell"));
  for (std::size_t i = 3; i < 6; ++i) {
    CHECK(verdict_of(nb, i) == "timeout");
    CHECK_THAT(nb.cell(i)["metadata"]["gradebox"].value("reason", ""),
               Catch::Contains("autograde.notebook_timeout_seconds"));
  }
}

TEST_CASE("execute budget: a past submission deadline runs nothing", "[budget]") {
  std::vector<std::optional<std::chrono::milliseconds>> timeouts;
  notebook::Notebook nb = code_cells(2);
  ExecutionBudget budget;
  budget.submission_deadline = std::chrono::steady_clock::now();
  bool opened = false;
  const auto open = [&] {
    opened = true;
    return std::make_unique<FakeSession>(0ms, 0, timeouts);
  };
  run_step(execute_cells(open, {}, budget), nb);
  CHECK_FALSE(opened);
  CHECK_THAT(nb.cell(1)["metadata"]["gradebox"].value("reason", ""),
             Catch::Contains("autograde.submission_timeout_seconds"));
}

TEST_CASE("execute budget: output beyond the notebook's budget is dropped with a notice",
          "[budget]") {
  std::vector<std::optional<std::chrono::milliseconds>> timeouts;
  notebook::Notebook nb = code_cells(8);
  ExecutionBudget budget;
  budget.output_bytes = 1 << 20;
  const auto open = [&] { return std::make_unique<FakeSession>(0ms, 512 << 10, timeouts); };
  run_step(execute_cells(open, {}, budget), nb);  // 4 MiB printed in all
  CHECK(nb.to_text().size() < (1 << 20) + 20'000);
  CHECK(verdict_of(nb, 7) == "ok");
  CHECK_THAT(nb.cell(7)["outputs"].back().value("text", ""), Catch::Contains("output budget"));
  CHECK(nb.cell(0)["outputs"][0]["text"].get<std::string>().size() == 512u << 10);
}

}  // namespace gradebox::autograde
