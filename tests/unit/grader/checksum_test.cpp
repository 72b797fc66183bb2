// nbgrader's cell checksum: the README's vectors and every stored checksum in the fixtures.
#include "grader/notebook/checksum.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "grader/notebook/nbgrader_metadata.hpp"
#include "test_support.hpp"

using namespace gradebox::notebook;
using gradebox::test::fixture;

TEST_CASE("checksum vectors of submitted-unchanged.ipynb", "[grader][checksum]") {
  const auto nb = Notebook::load(fixture("apps/submitted-unchanged.ipynb"));
  const std::map<std::string, std::string> expected = {
      {"set_a", "3d6aac4236f8e1ec85380e692dcc51b1"}, {"foo", "8bb5c7c6f388fae724e5ef53dc4deeb2"},
      {"bar", "75d78cdf605a339809ceaace462c5f33"},   {"baz", "9e51fd0022c24c4105e38369d2f9d751"},
      {"quux", "5a193c164d7b444efe9a3612bee09f4c"},  {"ro1", "86f5f877fe95faac003fcd4b8d43d093"},
      {"ro2", "0122b50e5eaf367b9874d07ebaf80521"}};
  std::size_t seen = 0;
  for (const auto& cell : nb.cells()) {
    const auto it = expected.find(grade_id(cell));
    if (it == expected.end()) continue;
    ++seen;
    CHECK(compute_checksum(cell) == it->second);
  }
  CHECK(seen == expected.size());
}

TEST_CASE("md5 of known inputs", "[grader][checksum]") {
  CHECK(md5_hex("") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(md5_hex("abc") == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("points enter the checksum in Python float format", "[grader][checksum]") {
  Json cell = Json::parse(R"({"cell_type": "code", "metadata": {"nbgrader": {"grade": true,
      "solution": false, "locked": false, "grade_id": "t", "points": 1, "schema_version": 3}},
      "source": "assert True", "outputs": []})");
  // int 1 and float 1.0 both hash as "1.0", as str(float(points)) does.
  const std::string as_int = compute_checksum(cell);
  CHECK(as_int == md5_hex("assert TruecodeTrueFalseTruet1.0"));
  cell["metadata"]["nbgrader"]["points"] = 1.0;
  CHECK(compute_checksum(cell) == as_int);
  cell["metadata"]["nbgrader"]["points"] = 1e16;
  CHECK(compute_checksum(cell) == md5_hex("assert TruecodeTrueFalseTruet1e+16"));
  cell["metadata"]["nbgrader"]["points"] = 0.00001;
  CHECK(compute_checksum(cell) == md5_hex("assert TruecodeTrueFalseTruet1e-05"));
  cell["metadata"]["nbgrader"]["points"] = 0.5;
  CHECK(compute_checksum(cell) == md5_hex("assert TruecodeTrueFalseTruet0.5"));
}

// Stored checksums recompute equal, except in cells the fixture changed on purpose (a student's
// answer, an edited test or read-only cell, a changed cell type).
TEST_CASE("stored checksums of unchanged fixture cells recompute equal", "[grader][checksum]") {
  const std::map<std::string, std::set<std::size_t>> changed = {
      {"apps/autotest-hashed-changed.ipynb", {1}},
      {"apps/autotest-hidden-changed-right.ipynb", {1}},
      {"apps/autotest-hidden-changed-wrong.ipynb", {1}},
      {"apps/autotest-multi-changed.ipynb", {0}},
      {"apps/autotest-simple-changed.ipynb", {1}},
      {"apps/submitted-changed.ipynb", {0, 3, 4}},
      {"apps/submitted-cheat-attempt-alternative.ipynb", {0, 3, 4}},
      {"apps/submitted-cheat-attempt.ipynb", {0, 3, 4}},
      {"apps/submitted-grade-cell-changed.ipynb", {2}},
      {"apps/submitted-locked-cell-changed.ipynb", {5, 6}},
      {"apps/timeout.ipynb", {0}},
      {"apps/validation-zero-points.ipynb", {1}},
      {"preprocessors/cell-type-changed.ipynb", {0}},
      {"preprocessors/submitted-answer-cell-type-changed.ipynb", {0}},
      {"preprocessors/submitted-changed.ipynb", {0, 3, 4}},
      {"preprocessors/submitted-grade-cell-changed.ipynb", {2}},
      {"preprocessors/submitted-grade-cell-type-changed.ipynb", {2}},
      {"preprocessors/submitted-locked-cell-changed.ipynb", {5, 6}},
  };
  std::size_t equal = 0, differing = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(fixture(""))) {
    if (e.path().extension() != ".ipynb") continue;
    const auto relative = std::filesystem::relative(e.path(), fixture("")).string();
    const auto nb = Notebook::load(e.path());
    const auto it = changed.find(relative);
    for (std::size_t i = 0; i < nb.cell_count(); ++i) {
      const auto& meta = nb.cell(i).at("metadata");
      if (!meta.contains("nbgrader") || !meta["nbgrader"].contains("checksum")) continue;
      INFO(relative << " cell " << i);
      const bool expect_changed = it != changed.end() && it->second.count(i) > 0;
      const bool same = compute_checksum(nb.cell(i)) == meta["nbgrader"]["checksum"];
      CHECK(same != expect_changed);
      (same ? equal : differing) += 1;
    }
  }
  CHECK(equal == 85);
  CHECK(differing == 28);
}
