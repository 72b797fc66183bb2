// The sanitizing steps on nbgrader's fixtures: tampering is undone and reported.
#include <catch2/catch.hpp>

#include "tests/unit/autograde/fixture_notebooks.hpp"

namespace gradebox::autograde {
using namespace testing;
using notebook::Json;

namespace {
// submitted-unchanged is what the release of the 7-cell family looks like, and (having no hidden
// tests) its master copy too.
struct Family {
  notebook::Notebook master = fixture("apps/submitted-unchanged.ipynb");
  notebook::Notebook release = fixture("apps/submitted-unchanged.ipynb");
  Findings findings;
  void overwrite(notebook::Notebook& nb) {
    run_step(overwrite_locked_cells(master, release, findings), nb);
  }
};
}  // namespace

TEST_CASE("edited locked cells are restored from the master copy", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-locked-cell-changed.ipynb");
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "edited_locked_cell") == 2);
  for (const char* id : {"ro1", "ro2"})
    CHECK(notebook::cell_source(nb.cell(cell_index(nb, id))) ==
          notebook::cell_source(family.master.cell(cell_index(family.master, id))));
}

TEST_CASE("an edited test cell is restored and reported", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-grade-cell-changed.ipynb");
  family.overwrite(nb);
  REQUIRE(count_kind(family.findings, "edited_test") == 1);
  CHECK(family.findings.front().grade_id == "bar");
  CHECK(notebook::cell_source(nb.cell(cell_index(nb, "bar"))) == "assert a == 1");
}

TEST_CASE("answers are kept, not overwritten", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-changed.ipynb");
  const std::string answer = notebook::cell_source(nb.cell(cell_index(nb, "set_a")));
  family.overwrite(nb);
  CHECK(family.findings.empty());
  CHECK(notebook::cell_source(nb.cell(cell_index(nb, "set_a"))) == answer);
}

TEST_CASE("flipped flags and changed points are restored", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-unchanged.ipynb");
  auto& bar = nb.cell(cell_index(nb, "bar"))["metadata"]["nbgrader"];
  bar["grade"] = false;
  auto& foo = nb.cell(cell_index(nb, "foo"))["metadata"]["nbgrader"];
  foo["points"] = 100.0;
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "flipped_flags") == 1);
  CHECK(count_kind(family.findings, "changed_points") == 1);
  CHECK(notebook::is_grade(nb.cell(cell_index(nb, "bar"))));
  CHECK(notebook::points(nb.cell(cell_index(nb, "foo"))) == 1.0);
}

TEST_CASE("a deleted test cell is re-inserted at its master position", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-changed.ipynb");
  nb.cells().erase(nb.cells().begin() + static_cast<std::ptrdiff_t>(cell_index(nb, "bar")));
  nb.cells().erase(nb.cells().begin() + static_cast<std::ptrdiff_t>(cell_index(nb, "ro1")));
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "deleted_cell") == 2);
  REQUIRE(nb.cell_count() == 7);
  CHECK(cell_index(nb, "bar") == 2);
  CHECK(cell_index(nb, "ro1") == 5);
  CHECK(notebook::cell_source(nb.cell(2)) == "assert a == 1");
  CHECK(nb.cell(2)["outputs"] == Json::array());
}

TEST_CASE("a deleted answer cell comes back as released, never from the master", "[autograde]") {
  Family family;
  auto& master_answer = family.master.cell(cell_index(family.master, "set_a"));
  notebook::set_cell_source(master_answer, "a = 1  # the solution");
  auto nb = fixture("apps/submitted-changed.ipynb");
  nb.cells().erase(nb.cells().begin());
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "deleted_cell") == 1);
  CHECK(notebook::cell_source(nb.cell(0)) == "# YOUR CODE HERE\nraise NotImplementedError()");
}

TEST_CASE("a changed cell type is restored", "[autograde]") {
  Family family;
  auto nb = fixture("preprocessors/submitted-grade-cell-type-changed.ipynb");
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "changed_cell_type") == 1);
  const auto& bar = nb.cell(cell_index(nb, "bar"));
  CHECK(notebook::cell_type(bar) == "code");
  CHECK(bar["outputs"] == Json::array());
}

TEST_CASE("a graded cell unknown to the master loses its metadata", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-changed.ipynb");
  Json forged = nb.cell(cell_index(nb, "foo"));
  forged["metadata"]["nbgrader"]["grade_id"] = "free_points";
  forged["metadata"]["nbgrader"]["points"] = 50.0;
  nb.cells().push_back(forged);
  family.overwrite(nb);
  CHECK(count_kind(family.findings, "unknown_grade_id") == 1);
  CHECK_FALSE(notebook::has_nbgrader_metadata(nb.cells().back()));
}

TEST_CASE("duplicate grade_ids: the last cell wins", "[autograde]") {
  Findings findings;
  auto nb = fixture("preprocessors/duplicate-grade-ids.ipynb");
  run_step(deduplicate_grade_ids(findings), nb);
  REQUIRE(count_kind(findings, "duplicate_grade_id") == 1);
  CHECK(findings.front().cell_index == 0);
  CHECK_FALSE(notebook::has_nbgrader_metadata(nb.cell(0)));
  CHECK(notebook::grade_id(nb.cell(1)) == "id1");
}

TEST_CASE("the kernelspec is restored from the master", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-changed.ipynb");
  nb.metadata()["kernelspec"] = {{"name", "bash"}, {"language", "bash"}, {"display_name", "B"}};
  run_step(restore_kernelspec(family.master, family.findings), nb);
  CHECK(count_kind(family.findings, "changed_kernelspec") == 1);
  CHECK(nb.metadata()["kernelspec"]["name"] == "python");
}

TEST_CASE("verdicts forged in the submitted file are removed", "[autograde]") {
  Findings findings;
  auto nb = fixture("apps/submitted-unchanged.ipynb");
  nb.cell(cell_index(nb, "bar"))["metadata"]["gradebox"] = {{"verdict", "ok"}};
  run_step(clear_execution_metadata(findings), nb);
  CHECK(count_kind(findings, "forged_metadata") == 1);
  CHECK_FALSE(nb.cell(cell_index(nb, "bar"))["metadata"].contains("gradebox"));
}

TEST_CASE("long output is capped at 1000 lines", "[autograde]") {
  auto nb = fixture("preprocessors/long-output.ipynb");
  run_step(cap_outputs({}), nb);
  const auto& outputs = nb.cell(0)["outputs"];
  REQUIRE(outputs.size() == 2);
  const std::string text = outputs[0]["text"].get<std::string>();
  CHECK(std::count(text.begin(), text.end(), '\n') == 1000);
  CHECK(outputs[1]["text"].get<std::string>().find("truncated") != std::string::npos);
}

TEST_CASE("a huge traceback is capped at 100 lines", "[autograde]") {
  auto nb = fixture("preprocessors/infinite-recursion.ipynb");
  const Json last = nb.cell(0)["outputs"][0]["traceback"].back();
  run_step(cap_outputs({}), nb);
  const auto& traceback = nb.cell(0)["outputs"][0]["traceback"];
  CHECK(traceback.size() == 100);
  CHECK(traceback.back() == last);  // the exception line itself survives
}

}  // namespace gradebox::autograde
