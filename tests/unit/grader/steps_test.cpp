// Each pipeline step alone, and the regions helper, on fixtures and small cells.
#include "grader/pipeline/steps.hpp"

#include <catch2/catch.hpp>

#include "grader/notebook/checksum.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/check.hpp"
#include "grader/pipeline/regions.hpp"
#include "test_support.hpp"

using namespace gradebox;
using namespace gradebox::notebook;
using namespace gradebox::pipeline;
using gradebox::test::fixture;

namespace {

struct StepRun {
  CourseConfig config = default_course_config(".");
  Problems problems;
  void apply(const Step& step, Notebook& nb) {
    StepContext context{config, problems};
    step.apply(nb, context);
  }
};

Notebook one_cell(const std::string& type, const std::string& source, const std::string& nbgrader,
                  const std::string& language = "python") {
  Json doc = Json::parse(R"({"nbformat": 4, "nbformat_minor": 2, "cells": [], "metadata":
      {"kernelspec": {"language": ")" +
                         language + R"(", "name": "k", "display_name": "K"}}})");
  Json cell = {{"cell_type", type}, {"metadata", Json::object()}, {"source", source}};
  if (!nbgrader.empty()) cell["metadata"]["nbgrader"] = Json::parse(nbgrader);
  if (type == "code") {
    cell["outputs"] =
        Json::array({Json{{"output_type", "stream"}, {"name", "stdout"}, {"text", "hi"}}});
    cell["execution_count"] = 3;
  }
  doc["cells"].push_back(cell);
  return Notebook::from_text(doc.dump(), "cell.ipynb");
}

const char* kSolution =
    R"({"schema_version": 3, "grade": false, "solution": true, "locked": false, "grade_id": "s"})";
const char* kTest =
    R"({"schema_version": 3, "grade": true, "solution": false, "locked": false, "grade_id": "t", "points": 2})";
const char* kTask =
    R"({"schema_version": 3, "grade": false, "solution": false, "locked": true, "task": true, "grade_id": "k", "points": 1})";
const char* kPlain = R"({"schema_version": 3, "grade": false, "solution": false, "locked": false})";

}  // namespace

TEST_CASE("regions: indented stub, whole lines dropped, nesting and termination",
          "[grader][pipeline]") {
  auto edit =
      edit_regions("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\nx",
                   kSolutionRegion, "# YOUR CODE HERE\nraise NotImplementedError()");
  CHECK(edit.found);
  CHECK(edit.source == "def f():\n    # YOUR CODE HERE\n    raise NotImplementedError()\nx");
  edit = edit_regions("a\n# BEGIN HIDDEN TESTS\nb\n# END HIDDEN TESTS", kHiddenTestsRegion);
  CHECK(edit.source == "a");
  edit = edit_regions("BEGIN SOLUTION\nBEGIN SOLUTION\nEND SOLUTION", kSolutionRegion, "s");
  REQUIRE(edit.error);
  CHECK(edit.error_line == 2);
  CHECK_THAT(*edit.error, Catch::Contains("nested"));
  edit = edit_regions("x\n  BEGIN MARK SCHEME\ny", kMarkSchemeRegion);
  REQUIRE(edit.error);
  CHECK(*edit.error == "no END MARK SCHEME for the BEGIN MARK SCHEME on line 2");
  CHECK_FALSE(edit_regions("plain", kSolutionRegion).changed);
  CHECK(edit_regions("plain", kSolutionRegion).source == "plain");
  // A stray END line is dropped, as nbgrader does.
  edit = edit_regions("a\n# END SOLUTION\nb", kSolutionRegion, "stub");
  CHECK(edit.changed);
  CHECK_FALSE(edit.found);
  CHECK(edit.source == "a\nb");
}

TEST_CASE("clear_solutions: regions, whole cells, markdown, other languages",
          "[grader][pipeline]") {
  StepRun run;
  auto nb = one_cell("code", "x = 1", kSolution);
  run.apply(clear_solutions(), nb);
  CHECK(cell_source(nb.cell(0)) == "# YOUR CODE HERE\nraise NotImplementedError()");
  nb = one_cell(
      "markdown", "answer",
      R"({"schema_version": 3, "grade": true, "solution": true, "locked": false, "grade_id": "m", "points": 1})");
  run.apply(clear_solutions(), nb);
  CHECK(cell_source(nb.cell(0)) == "YOUR ANSWER HERE");
  nb = one_cell("code", "f <- 1", kSolution, "R");
  run.apply(clear_solutions(), nb);
  CHECK(cell_source(nb.cell(0)) == "# YOUR CODE HERE\nfail()");
  CHECK(run.problems.empty());

  nb = one_cell("code", "x", kSolution, "cobol");
  run.apply(clear_solutions(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK(run.problems[0].message == "no code stub for kernel language 'cobol'");
  CHECK(run.problems[0].hint == "add stubs.code.cobol = \"...\" to gradebox.toml");

  run.problems.clear();
  nb = one_cell("code", "### BEGIN SOLUTION\nx\n### END SOLUTION", kPlain);
  run.apply(clear_solutions(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK(run.problems[0].message == "solution region in a cell that is not a solution cell");
  CHECK(run.problems[0].cell_index == 0u);
}

TEST_CASE("lock_cells: nbgrader's deletable/editable rules", "[grader][pipeline]") {
  StepRun run;
  auto nb = one_cell("code", "x", kSolution);
  run.apply(lock_cells(), nb);
  CHECK(nb.cell(0)["metadata"]["deletable"] == false);
  CHECK_FALSE(nb.cell(0)["metadata"].contains("editable"));
  nb = one_cell("code", "x", kTest);
  run.apply(lock_cells(), nb);
  CHECK(nb.cell(0)["metadata"]["deletable"] == false);
  CHECK(nb.cell(0)["metadata"]["editable"] == false);
  nb = one_cell("code", "x", kPlain);
  run.apply(lock_cells(), nb);
  CHECK(nb.cell(0)["metadata"].size() == 1);  // only nbgrader
}

TEST_CASE("clear_outputs empties outputs, execution counts and view metadata",
          "[grader][pipeline]") {
  StepRun run;
  auto nb = one_cell("code", "x", "");
  nb.cell(0)["metadata"]["collapsed"] = true;
  nb.cell(0)["metadata"]["scrolled"] = false;
  nb.cell(0)["metadata"]["tags"] = Json::array({"keep"});
  run.apply(clear_outputs(), nb);
  CHECK(nb.cell(0)["outputs"] == Json::array());
  CHECK(nb.cell(0)["execution_count"].is_null());
  CHECK(nb.cell(0)["metadata"] == Json{{"tags", Json::array({"keep"})}});
}

TEST_CASE("clear_hidden_tests and clear_mark_schemes enforce their cell kinds",
          "[grader][pipeline]") {
  StepRun run;
  auto nb = one_cell("code", "a\n### BEGIN HIDDEN TESTS\nb\n### END HIDDEN TESTS", kTest);
  run.apply(clear_hidden_tests(), nb);
  CHECK(cell_source(nb.cell(0)) == "a");
  nb = one_cell("code", "a\n### BEGIN HIDDEN TESTS\nb\n### END HIDDEN TESTS", kSolution);
  run.apply(clear_hidden_tests(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK(run.problems[0].message == "hidden tests region in a cell that is not a grade cell");

  run.problems.clear();
  nb = one_cell("markdown",
                "Do it\n=== BEGIN MARK SCHEME ===\n1 mark\n=== END MARK SCHEME ===", kTask);
  run.apply(clear_mark_schemes(), nb);
  CHECK(cell_source(nb.cell(0)) == "Do it");
  nb = one_cell("markdown", "BEGIN MARK SCHEME\n![x](attachment:img.png)\nEND MARK SCHEME", kTask);
  run.apply(clear_mark_schemes(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK_THAT(run.problems[0].message, Catch::Contains("attachment"));
  run.problems.clear();
  nb = one_cell("markdown", "BEGIN MARK SCHEME\nm\nEND MARK SCHEME", kPlain);
  run.apply(clear_mark_schemes(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK(run.problems[0].message == "mark scheme region in a cell that is not a task cell");
}

TEST_CASE("compute_checksums stores checksum and cell_type", "[grader][pipeline]") {
  StepRun run;
  auto nb = one_cell("code", "assert True", kTest);
  run.apply(compute_checksums(), nb);
  const auto& meta = nb.cell(0)["metadata"]["nbgrader"];
  CHECK(meta["cell_type"] == "code");
  CHECK(meta["checksum"] == md5_hex("assert TruecodeTrueFalseTruet2.0"));
  nb = one_cell("code", "x", kPlain);
  run.apply(compute_checksums(), nb);
  CHECK_FALSE(nb.cell(0)["metadata"]["nbgrader"].contains("checksum"));
}

TEST_CASE("include_header_footer adds the configured notebooks' cells", "[grader][pipeline]") {
  StepRun run;
  run.config.header = fixture("preprocessors/header.ipynb");
  run.config.footer = fixture("preprocessors/header.ipynb");
  auto nb = one_cell("code", "body", "");
  const auto header_cells = Notebook::load(*run.config.header).cell_count();
  run.apply(include_header_footer(), nb);
  CHECK(nb.cell_count() == 2 * header_cells + 1);
  CHECK(cell_source(nb.cell(header_cells)) == "body");
  run.config.footer = fixture("missing.ipynb");
  run.apply(include_header_footer(), nb);
  REQUIRE(run.problems.size() == 1);
  CHECK_THAT(run.problems[0].message, Catch::Contains("cannot read the header/footer notebook"));
}

TEST_CASE("check: test-no-metadata is refused, canonical sources pass", "[grader][pipeline]") {
  const auto config = default_course_config(".");
  const auto problems =
      check_notebook(Notebook::load(fixture("apps/test-no-metadata.ipynb")), config);
  REQUIRE_FALSE(problems.empty());
  for (const auto& p : problems)
    CHECK(p.message == "solution region in a cell that is not a solution cell");
  CHECK(check_notebook(Notebook::load(fixture("apps/test.ipynb")), config).empty());
  CHECK(
      check_notebook(Notebook::load(fixture("preprocessors/test_taskcell.ipynb")), config).empty());
}
