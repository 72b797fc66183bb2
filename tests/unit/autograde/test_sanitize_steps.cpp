// The sanitizing steps on nbgrader's fixtures: tampering is undone and reported.
#include <catch2/catch.hpp>

#include "grader/pipeline/steps.hpp"
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

TEST_CASE("hidden tests come back without counting as an edit", "[autograde]") {
  Family family;
  auto& master_bar = family.master.cell(cell_index(family.master, "bar"));
  notebook::set_cell_source(master_bar, "assert a == 1\nassert a != 2  # hidden");
  auto nb = fixture("apps/submitted-changed.ipynb");
  family.overwrite(nb);
  CHECK(family.findings.empty());
  CHECK(notebook::cell_source(nb.cell(cell_index(nb, "bar"))) ==
        "assert a == 1\nassert a != 2  # hidden");
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

TEST_CASE("duplicate grade_ids: the last cell wins, noted (not tampering)", "[autograde]") {
  Notes notes;
  auto nb = fixture("preprocessors/duplicate-grade-ids.ipynb");
  run_step(deduplicate_grade_ids(notes), nb);
  REQUIRE(count_kind(notes, "duplicate_grade_id") == 1);
  CHECK(notes.front().cell_index == 0);
  CHECK_FALSE(notebook::has_nbgrader_metadata(nb.cell(0)));
  CHECK(notebook::grade_id(nb.cell(1)) == "id1");
}

TEST_CASE("the kernelspec is restored from the master, silently", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-changed.ipynb");
  nb.metadata()["kernelspec"] = {{"name", "bash"}, {"language", "bash"}, {"display_name", "B"}};
  run_step(restore_kernelspec(family.master), nb);
  CHECK(nb.metadata()["kernelspec"]["name"] == "python");
}

namespace {
// What another Jupyter, kernel or extension writes into a notebook the student did not otherwise
// change: none of it can change a grade.
void resave_as_another_jupyter_would(notebook::Notebook& nb) {
  auto& meta = nb.metadata();
  meta["kernelspec"] = {
      {"name", "python3"}, {"language", "python"}, {"display_name", "Python 3 (ipykernel)"}};
  meta["language_info"] = {{"name", "python"},
                           {"version", "3.12.4"},
                           {"codemirror_mode", {{"name", "ipython"}, {"version", 3}}}};
  meta["widgets"] = {{"application/vnd.jupyter.widget-state+json", {{"state", Json::object()}}}};
  meta["toc"] = {{"number_sections", true}};
  int count = 0;
  for (std::size_t i = 0; i < nb.cell_count(); ++i) {
    auto& cell = nb.cell(i);
    cell["id"] = "c" + std::to_string(i);  // nbformat 4.5 cell ids
    cell["metadata"]["collapsed"] = false;
    cell["metadata"]["jupyter"] = {{"source_hidden", false}};
    cell["metadata"]["tags"] = Json::array({"exercise"});
    cell["metadata"]["ExecuteTime"] = {{"end_time", "2026-11-20T10:00:00.000Z"}};
    if (notebook::cell_type(cell) != "code") continue;
    cell["execution_count"] = ++count;
    cell["outputs"] = Json::array(
        {{{"output_type", "stream"}, {"name", "stdout"}, {"text", "out of range: 1e308\n"}}});
  }
}

Findings sanitize(const Family& family, notebook::Notebook& nb, Notes& notes) {
  Findings findings;
  run_step(pipeline::clear_outputs(), nb);
  run_step(clear_execution_metadata(findings), nb);
  run_step(deduplicate_grade_ids(notes), nb);
  run_step(restore_kernelspec(family.master), nb);
  run_step(overwrite_locked_cells(family.master, family.release, findings), nb);
  return findings;
}
}  // namespace

TEST_CASE("a notebook saved by another Jupyter and kernel yields no finding", "[autograde]") {
  Family family;
  for (const char* name : {"apps/submitted-unchanged.ipynb", "apps/submitted-changed.ipynb"}) {
    auto nb = fixture(name);
    resave_as_another_jupyter_would(nb);
    Notes notes;
    const Findings findings = sanitize(family, nb, notes);
    CHECK(findings.empty());
    CHECK(notes.empty());
    CHECK(nb.metadata()["kernelspec"] == family.master.metadata()["kernelspec"]);
  }
}

TEST_CASE("a real tamper in a resaved notebook is still a finding", "[autograde]") {
  Family family;
  auto nb = fixture("apps/submitted-grade-cell-changed.ipynb");
  resave_as_another_jupyter_would(nb);
  Notes notes;
  const Findings findings = sanitize(family, nb, notes);
  REQUIRE(findings.size() == 1);
  CHECK(findings.front().kind == "edited_test");
  CHECK(notes.empty());
}

TEST_CASE("verdicts forged in the submitted file are removed", "[autograde]") {
  Findings findings;
  auto nb = fixture("apps/submitted-unchanged.ipynb");
  nb.cell(cell_index(nb, "bar"))["metadata"]["gradebox"] = {{"verdict", "ok"}};
  run_step(clear_execution_metadata(findings), nb);
  CHECK(count_kind(findings, "forged_metadata") == 1);
  CHECK_FALSE(nb.cell(cell_index(nb, "bar"))["metadata"].contains("gradebox"));
}

}  // namespace gradebox::autograde
