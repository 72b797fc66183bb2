// Scoring from gradebox's own verdicts (metadata.gradebox) on the nbgrader fixtures.
#include <catch2/catch.hpp>

#include "grader/autograde/score_cells.hpp"
#include "tests/unit/autograde/fixture_notebooks.hpp"

namespace gradebox::autograde {
using namespace testing;
using notebook::Json;

namespace {
struct Scored {
  std::vector<records::CellResult> cells;
  Findings findings;
  Notes notes;
  int64_t total() const {
    int64_t sum = 0;
    for (const auto& c : cells) sum += c.points_milli;
    return sum;
  }
  int64_t max() const {
    int64_t sum = 0;
    for (const auto& c : cells) sum += c.max_milli;
    return sum;
  }
  const records::CellResult& cell(const std::string& id) const {
    for (const auto& c : cells)
      if (c.grade_id == id) return c;
    throw std::runtime_error("no cell " + id);
  }
};

void set_verdict(notebook::Notebook& nb, const std::string& id, const std::string& verdict,
                 std::optional<std::string> value = std::nullopt) {
  auto& meta = nb.cell(cell_index(nb, id))["metadata"]["gradebox"];
  meta = {{"verdict", verdict}, {"wall_ms", 3}};
  if (value) meta["value_text"] = *value;
}

Scored score(notebook::Notebook& nb) {
  static const auto release = fixture("apps/submitted-unchanged.ipynb");
  static const auto checksums = release_checksums(release);
  Scored scored;
  run_step(score_cells(checksums, scored.cells, scored.findings, scored.notes), nb);
  return scored;
}
}  // namespace

TEST_CASE("submitted-unchanged scores 1 of 7, manual answers get no response", "[autograde]") {
  auto nb = fixture("apps/submitted-unchanged.ipynb");
  set_verdict(nb, "set_a", "error");
  set_verdict(nb, "foo", "ok");
  set_verdict(nb, "bar", "error");
  set_verdict(nb, "quux", "error");
  const auto scored = score(nb);
  CHECK(scored.total() == 1000);
  CHECK(scored.max() == 7000);
  CHECK_FALSE(scored.cell("baz").needs_manual_grade);
  CHECK_FALSE(scored.cell("quux").needs_manual_grade);
  CHECK(nb.cell(cell_index(nb, "baz"))["metadata"]["gradebox"]["score"]["status"] == "no_response");
}

TEST_CASE("submitted-changed scores 2 of 7 with two answers pending", "[autograde]") {
  auto nb = fixture("apps/submitted-changed.ipynb");
  for (const char* id : {"set_a", "foo", "bar", "quux"}) set_verdict(nb, id, "ok");
  const auto scored = score(nb);
  CHECK(scored.total() == 2000);
  CHECK(scored.cell("baz").needs_manual_grade);
  CHECK(scored.cell("quux").needs_manual_grade);
  CHECK(scored.cell("bar").verdict == "ok");
}

TEST_CASE("any verdict but ok scores 0, also without an error output", "[autograde]") {
  for (const char* verdict : {"error", "timeout", "memory_limit", "tampered", "signaled",
                              "output_limit", "policy_violation", "not_run", "internal_error"}) {
    auto nb = fixture("apps/submitted-changed.ipynb");
    set_verdict(nb, "foo", verdict);
    set_verdict(nb, "bar", "ok");
    CHECK(score(nb).cell("foo").points_milli == 0);
  }
  auto nb = fixture("apps/submitted-changed.ipynb");  // never executed at all
  CHECK(score(nb).cell("foo").verdict == "not_run");
  CHECK(score(nb).total() == 0);
}

TEST_CASE("partial credit from the trusted value, capped at the cell's points", "[autograde]") {
  auto nb = fixture("apps/submitted-changed.ipynb");
  set_verdict(nb, "foo", "ok", "0.5");
  set_verdict(nb, "bar", "ok", "7");
  auto scored = score(nb);
  CHECK(scored.cell("foo").points_milli == 500);
  CHECK(scored.cell("bar").points_milli == 1000);
  CHECK(count_kind(scored.notes, "partial_credit_out_of_range") == 1);
  CHECK(scored.findings.empty());  // the value comes from the instructor's test: no tampering

  set_verdict(nb, "foo", "ok", "'a string'");
  set_verdict(nb, "bar", "ok", "-3");
  scored = score(nb);
  CHECK(scored.cell("foo").points_milli == 1000);
  CHECK(scored.cell("bar").points_milli == 0);
}

TEST_CASE("partial credit parsing follows Python float()", "[autograde]") {
  CHECK(parse_partial_credit(" 1.5\n") == 1.5);
  CHECK(parse_partial_credit("2") == 2.0);
  CHECK(parse_partial_credit("1e-3") == 0.001);
  CHECK_FALSE(parse_partial_credit("True"));
  CHECK_FALSE(parse_partial_credit(""));
  CHECK_FALSE(parse_partial_credit("nan"));
  CHECK_FALSE(parse_partial_credit("1.5 points"));
}

TEST_CASE("a task cell counts in the maximum and waits for a grader, as in nbgrader",
          "[autograde]") {
  auto nb = fixture("preprocessors/test_taskcell.ipynb");
  for (const char* id : {"correct_squares", "squares_invalid_input", "correct_sum_of_squares",
                         "sum_of_squares_uses_squares"})
    set_verdict(nb, id, "ok");
  const auto scored = score(nb);
  const auto& task = scored.cell("task1");
  CHECK(task.max_milli == 2000);
  CHECK(task.points_milli == 0);
  CHECK(task.manual);
  CHECK(task.needs_manual_grade);
  CHECK(task.verdict == "ok");
  CHECK(scored.max() == 8000);  // 3 test points + 3 manual answers + the task's 2
  CHECK(nb.cell(cell_index(nb, "task1"))["metadata"]["gradebox"]["score"]["status"] ==
        "manual_pending");
}

}  // namespace gradebox::autograde
