// nbgrader metadata v3: derived flags and every validation rule, on the fixtures.
#include "grader/notebook/nbgrader_metadata.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace gradebox::notebook;
using gradebox::test::fixture;

namespace {

Json cell_with(const std::string& type, const std::string& nbgrader) {
  return Json::parse(R"({"cell_type": ")" + type + R"(", "metadata": {"nbgrader": )" + nbgrader +
                     R"(}, "source": "x"})");
}

Problems validate_fixture(const std::string& name) {
  return validate_nbgrader_notebook(Notebook::load(fixture(name)));
}

std::string only_message(const Problems& problems) {
  REQUIRE(problems.size() == 1);
  return problems.front().message;
}

}  // namespace

TEST_CASE("is_locked: solution false, else grade true, else the locked flag",
          "[grader][metadata]") {
  CHECK_FALSE(is_locked(cell_with("code", R"({"solution": true, "grade": true, "locked": true})")));
  CHECK(is_locked(cell_with("code", R"({"solution": false, "grade": true, "locked": false})")));
  CHECK(is_locked(cell_with("code", R"({"solution": false, "grade": false, "locked": true})")));
  CHECK_FALSE(
      is_locked(cell_with("code", R"({"solution": false, "grade": false, "locked": false})")));
  CHECK_FALSE(is_locked(Json::parse(R"({"cell_type": "code", "metadata": {}, "source": ""})")));
}

TEST_CASE("valid canonical fixtures have no problems", "[grader][metadata]") {
  for (const char* name :
       {"apps/test.ipynb", "apps/test-hidden-tests.ipynb", "apps/submitted-unchanged.ipynb",
        "preprocessors/test_taskcell.ipynb", "apps/validation-zero-points.ipynb"}) {
    INFO(name);
    CHECK(validate_fixture(name).empty());
  }
}

TEST_CASE("bad-markdown-cell-1: markdown grade cell not a solution", "[grader][metadata]") {
  const auto problems = validate_fixture("preprocessors/bad-markdown-cell-1.ipynb");
  CHECK(only_message(problems) == "markdown grade cell 'foo' is not marked as a solution cell");
  CHECK(problems.front().cell_index == 0u);
  CHECK(problems.front().grade_id == "foo");
  CHECK_FALSE(problems.front().hint.empty());
}

TEST_CASE("bad-markdown-cell-2: markdown solution cell not graded", "[grader][metadata]") {
  const auto problems = validate_fixture("preprocessors/bad-markdown-cell-2.ipynb");
  // nbgrader stops at its first error (no grade_id); gradebox lists both.
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].message == "nbgrader cell does not have a grade_id");
  CHECK(problems[1].message == "markdown solution cell is not marked as a grade cell");
}

TEST_CASE("blank-grade-id", "[grader][metadata]") {
  CHECK(only_message(validate_fixture("preprocessors/blank-grade-id.ipynb")) ==
        "grade_id is empty");
}

TEST_CASE("blank-points", "[grader][metadata]") {
  CHECK(only_message(validate_fixture("preprocessors/blank-points.ipynb")) ==
        "grade cell 'id1' does not have points");
}

TEST_CASE("duplicate-grade-ids", "[grader][metadata]") {
  const auto problems = validate_fixture("preprocessors/duplicate-grade-ids.ipynb");
  CHECK(only_message(problems) == "duplicate grade id 'id1' (also used by cell 0)");
  CHECK(problems.front().cell_index == 1u);
}

TEST_CASE("too-new schema is refused", "[grader][metadata]") {
  const auto problems = validate_fixture("apps/too-new.ipynb");
  CHECK(only_message(problems) ==
        "nbgrader metadata schema version 10 is too new (expected 3) in 1 cell(s)");
}

TEST_CASE("old schemas say how to upgrade", "[grader][metadata]") {
  for (const auto& [name, version] :
       std::vector<std::pair<std::string, int>>{{"apps/test-v0.ipynb", 0},
                                                {"apps/test-v0-invalid.ipynb", 0},
                                                {"apps/test-v1.ipynb", 1},
                                                {"apps/test-v2.ipynb", 2}}) {
    INFO(name);
    const auto problems = validate_fixture(name);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems.front().message,
               Catch::StartsWith("outdated nbgrader metadata schema version " +
                                 std::to_string(version) + " (expected 3)"));
    CHECK_THAT(problems.front().hint, Catch::Contains("nbgrader update"));
  }
}

TEST_CASE("schema rules: types, pattern, points, checksum, cell_type, unknown keys",
          "[grader][metadata]") {
  const auto messages = [](const Json& cell) {
    std::vector<std::string> out;
    for (const auto& p : validate_nbgrader_cell(cell, 0, "x.ipynb")) out.push_back(p.message);
    return out;
  };
  const std::string base =
      R"("schema_version": 3, "grade": true, "solution": false, "locked": false)";
  CHECK(messages(cell_with("code", "{" + base + R"(, "grade_id": "a b", "points": 1})")) ==
        std::vector<std::string>{"grade_id 'a b' has characters outside [a-zA-Z0-9_-]"});
  CHECK(messages(cell_with("code", "{" + base + R"(, "grade_id": "a", "points": -1})")) ==
        std::vector<std::string>{"points is negative"});
  CHECK(messages(cell_with("code", "{" + base + R"(, "grade_id": "a", "points": "2"})")) ==
        std::vector<std::string>{"points is not a number"});
  CHECK(messages(cell_with("code",
                           "{" + base + R"(, "grade_id": "a", "points": 1, "checksum": "abc"})")) ==
        std::vector<std::string>{"checksum is not 32 hexadecimal digits"});
  CHECK(
      messages(cell_with("code", "{" + base + R"(, "grade_id": "a", "points": 1, "extra": 1})")) ==
      std::vector<std::string>{"unknown key 'extra' in nbgrader metadata"});
  CHECK(messages(cell_with(
            "code", R"({"schema_version": 3, "grade": 1, "solution": false, "locked": false})")) ==
        std::vector<std::string>{"flag 'grade' is not true/false"});
  CHECK(
      messages(cell_with("code", R"({"schema_version": 3, "solution": false, "locked": false})")) ==
      std::vector<std::string>{"required flag 'grade' is missing"});
  CHECK(
      messages(cell_with(
          "code",
          R"({"schema_version": 3, "grade": false, "solution": false, "locked": true, "task": true, "grade_id": "t"})")) ==
      std::vector<std::string>{"task cells have to be markdown"});
  const auto changed = validate_nbgrader_cell(
      cell_with("code", "{" + base + R"(, "grade_id": "a", "points": 1, "cell_type": "markdown"})"),
      0, "x.ipynb");
  REQUIRE(changed.size() == 1);
  CHECK(changed.front().severity == Severity::warning);
  CHECK(changed.front().message == "cell type has changed from markdown to code");
}
