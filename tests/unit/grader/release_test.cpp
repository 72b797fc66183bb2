// Release of whole assignments: exact stubs, hidden content only in the master copy, checksums,
// atomicity, --force, archives, skipped files.
#include "grader/pipeline/release.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "grader/notebook/checksum.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "test_support.hpp"

using namespace gradebox;
using namespace gradebox::notebook;
using namespace gradebox::pipeline;
using gradebox::test::make_course;
using gradebox::test::read_text;
using gradebox::test::TempDir;
using gradebox::test::tree_listing;
using gradebox::test::write_text;
namespace fs = std::filesystem;

namespace {

const Json* cell_by_id(const Notebook& nb, const std::string& id) {
  for (const auto& cell : nb.cells())
    if (grade_id(cell) == id) return &cell;
  return nullptr;
}

ReleaseOutcome release(const fs::path& root, const std::string& assignment,
                       ReleaseOptions options = {}) {
  return release_assignment(load_course_config(root).config, assignment, options);
}

void make_ps1(const fs::path& root) {
  make_course(root, "ps1",
              {"apps/test.ipynb", "apps/test-hidden-tests.ipynb",
               "preprocessors/test_taskcell.ipynb", "apps/data.txt"});
  write_text(root / "source/ps1/.ipynb_checkpoints/test-checkpoint.ipynb", "{}");
  write_text(root / "source/ps1/__pycache__/m.cpython-311.pyc", "x");
  write_text(root / "source/ps1/helpers/util.py", "def f(): pass\n");
  write_text(root / "source/ps1/helpers/util.pyc", "x");
}

}  // namespace

TEST_CASE("release of test, test-hidden-tests and test_taskcell", "[grader][release]") {
  TempDir course;
  make_ps1(course.path());
  const auto outcome = release(course.path(), "ps1");
  INFO(outcome.problems.size());
  REQUIRE(outcome.summary);
  CHECK(outcome.problems.empty());
  CHECK(summary_line(outcome.summary->notebooks.size(), outcome.summary->graded_cells,
                     outcome.summary->points) == "3 notebooks, 17 graded cells, 17 points");

  const fs::path rel = course.path() / "release/ps1";
  const fs::path master = course.path() / ".gradebox/master/ps1";
  CHECK(tree_listing(rel) ==
        "data.txt\nhelpers\nhelpers/util.py\ntest-hidden-tests.ipynb\ntest.ipynb\n"
        "test_taskcell.ipynb\n");

  SECTION("exact stubs, indented like the BEGIN line") {
    const auto nb = Notebook::load(rel / "test.ipynb");
    CHECK(cell_source(*cell_by_id(nb, "squares")) ==
          "def squares(n):\n    \"\"\"Compute the squares of numbers from 1 to n, such that the \n"
          "    ith element of the returned list equals i^2.\n    \n    \"\"\"\n"
          "    # YOUR CODE HERE\n    raise NotImplementedError()");
    CHECK(cell_source(*cell_by_id(nb, "sum_of_squares")) ==
          "def sum_of_squares(n):\n    \"\"\"Compute the sum of the squares of numbers from 1 to "
          "n.\"\"\"\n"
          "    # YOUR CODE HERE\n    raise NotImplementedError()");
    for (const auto& cell : nb.cells())
      if (cell["cell_type"] == "code") CHECK(cell["outputs"] == Json::array());
  }

  SECTION("hidden tests only in the master copy") {
    const auto released = Notebook::load(rel / "test-hidden-tests.ipynb");
    const auto kept = Notebook::load(master / "test-hidden-tests.ipynb");
    CHECK(cell_source(*cell_by_id(released, "correct_squares")) ==
          "\"\"\"Check that squares returns the correct output for several inputs\"\"\"\n"
          "assert squares(1) == [1]\nassert squares(2) == [1, 4]");
    const std::string master_source = cell_source(*cell_by_id(kept, "correct_squares"));
    CHECK_THAT(master_source, Catch::Contains("### BEGIN HIDDEN TESTS\nassert squares(10)"));
    CHECK(read_text(rel / "test-hidden-tests.ipynb").find("HIDDEN") == std::string::npos);
    CHECK(cell_by_id(kept, "correct_sum_of_squares")->at("metadata").at("nbgrader").at("points") ==
          0.5);
  }

  SECTION("mark schemes only in the master copy") {
    const auto released = Notebook::load(rel / "test_taskcell.ipynb");
    const auto kept = Notebook::load(master / "test_taskcell.ipynb");
    CHECK(cell_source(*cell_by_id(released, "task1")) == "Do your best!\n");
    CHECK_THAT(cell_source(*cell_by_id(kept, "task1")),
               Catch::Contains("- 1 mark for writing nicely formatted code"));
    CHECK(read_text(rel / "test_taskcell.ipynb").find("MARK SCHEME") == std::string::npos);
  }

  SECTION("release checksums are nbgrader's, computed on the released cells") {
    std::size_t checked = 0;
    for (const char* name : {"test.ipynb", "test-hidden-tests.ipynb", "test_taskcell.ipynb"}) {
      const auto nb = Notebook::load(rel / name);
      for (const auto& cell : nb.cells()) {
        if (!(is_grade(cell) || is_solution(cell) || is_locked(cell))) continue;
        const auto& meta = cell.at("metadata").at("nbgrader");
        CHECK(meta.at("checksum") == compute_checksum(cell));
        CHECK(meta.at("cell_type") == cell.at("cell_type"));
        ++checked;
      }
    }
    CHECK(checked == 26);
    // The master's test cell hashes its full text, so it differs from the released one.
    const auto kept = Notebook::load(master / "test-hidden-tests.ipynb");
    const auto released = Notebook::load(rel / "test-hidden-tests.ipynb");
    CHECK(cell_by_id(kept, "correct_squares")->at("metadata").at("nbgrader").at("checksum") !=
          cell_by_id(released, "correct_squares")->at("metadata").at("nbgrader").at("checksum"));
  }

  SECTION("locks and the master copy's privacy") {
    const auto nb = Notebook::load(rel / "test.ipynb");
    CHECK(cell_by_id(nb, "correct_squares")->at("metadata").at("editable") == false);
    CHECK(cell_by_id(nb, "squares")->at("metadata").at("deletable") == false);
    CHECK_FALSE(cell_by_id(nb, "squares")->at("metadata").contains("editable"));
    struct stat st {};
    REQUIRE(::stat((course.path() / ".gradebox").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat(master.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    const auto digest = Json::parse(read_text(master / "digest.json"));
    CHECK(digest["notebooks"].size() == 3);
    CHECK(digest["files"].contains("data.txt"));
    CHECK(digest["notebooks"]["test.ipynb"]["kernelspec"]["language"] == "python");
  }
}

TEST_CASE("an existing release is kept unless --force", "[grader][release]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb"});
  REQUIRE(release(course.path(), "ps1").summary);
  write_text(course.path() / "release/ps1/marker", "old");
  const auto refused = release(course.path(), "ps1");
  CHECK_FALSE(refused.summary);
  REQUIRE(refused.problems.size() == 1);
  CHECK(refused.problems[0].message == "release already exists; kept unchanged");
  CHECK(fs::exists(course.path() / "release/ps1/marker"));

  ReleaseOptions force;
  force.force = true;
  REQUIRE(release(course.path(), "ps1", force).summary);
  CHECK_FALSE(fs::exists(course.path() / "release/ps1/marker"));
  CHECK(tree_listing(course.path() / "release") == "ps1\nps1/test.ipynb\n");
}

TEST_CASE("a notebook with an error leaves nothing written", "[grader][release]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb", "preprocessors/duplicate-grade-ids.ipynb"});
  const auto outcome = release(course.path(), "ps1");
  CHECK_FALSE(outcome.summary);
  CHECK(has_errors(outcome.problems));
  CHECK_FALSE(fs::exists(course.path() / "release"));
  CHECK_FALSE(fs::exists(course.path() / ".gradebox/master/ps1"));

  write_text(course.path() / "source/ps2/broken.ipynb", "{\"cells\": [");
  const auto broken = release(course.path(), "ps2");
  REQUIRE(broken.problems.size() == 1);
  CHECK_THAT(broken.problems[0].message, Catch::Contains("malformed JSON"));

  const auto missing = release(course.path(), "nope");
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].message == "assignment source folder does not exist");
  CHECK_FALSE(fs::exists(course.path() / "release"));
}

TEST_CASE("archive option writes release/<a>.tar.gz with the released files", "[grader][release]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb", "apps/data.txt"});
  ReleaseOptions options;
  options.archive = true;
  const auto outcome = release(course.path(), "ps1", options);
  REQUIRE(outcome.summary);
  const auto path = course.path() / "release/ps1.tar.gz";
  REQUIRE(outcome.summary->archive == path);

  std::unique_ptr<archive, decltype(&archive_read_free)> ar(archive_read_new(), archive_read_free);
  archive_read_support_filter_gzip(ar.get());
  archive_read_support_format_tar(ar.get());
  REQUIRE(archive_read_open_filename(ar.get(), path.c_str(), 1 << 16) == ARCHIVE_OK);
  std::vector<std::string> names;
  archive_entry* entry = nullptr;
  std::string notebook_bytes;
  while (archive_read_next_header(ar.get(), &entry) == ARCHIVE_OK) {
    names.push_back(archive_entry_pathname(entry));
    if (names.back() == "ps1/test.ipynb") {
      notebook_bytes.resize(static_cast<std::size_t>(archive_entry_size(entry)));
      archive_read_data(ar.get(), notebook_bytes.data(), notebook_bytes.size());
    }
  }
  CHECK(names == std::vector<std::string>{"ps1/data.txt", "ps1/test.ipynb"});
  CHECK(notebook_bytes == read_text(course.path() / "release/ps1/test.ipynb"));
}

TEST_CASE("source_assignments lists folders for --all", "[grader][release]") {
  TempDir course;
  make_course(course.path(), "b", {"apps/test.ipynb"});
  make_course(course.path(), "a", {"apps/test.ipynb"});
  fs::create_directories(course.path() / "source/.ipynb_checkpoints");
  CHECK(source_assignments(course.path()) == std::vector<std::string>{"a", "b"});
  CHECK(summary_line(1, 1, 0.5) == "1 notebook, 1 graded cell, 0.5 points");
  CHECK(summary_line(2, 9, 20) == "2 notebooks, 9 graded cells, 20 points");
}

TEST_CASE("release adds the configured header; a missing header refuses the release",
          "[grader][release]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb"});
  fs::copy_file(gradebox::test::fixture("preprocessors/header.ipynb"),
                course.path() / "source/header.ipynb");
  write_text(course.path() / "gradebox.toml", "[release]\nheader = \"source/header.ipynb\"\n");
  REQUIRE(release(course.path(), "ps1").summary);
  const auto header = Notebook::load(course.path() / "source/header.ipynb");
  const auto released = Notebook::load(course.path() / "release/ps1/test.ipynb");
  REQUIRE(released.cell_count() ==
          header.cell_count() +
              Notebook::load(gradebox::test::fixture("apps/test.ipynb")).cell_count());
  CHECK(cell_source(released.cell(0)) == cell_source(header.cell(0)));

  write_text(course.path() / "gradebox.toml", "[release]\nheader = \"source/nope.ipynb\"\n");
  ReleaseOptions force;
  force.force = true;
  const auto refused = release(course.path(), "ps1", force);
  CHECK_FALSE(refused.summary);
  REQUIRE_FALSE(refused.problems.empty());
  CHECK_THAT(refused.problems[0].message,
             Catch::Contains("cannot read the header/footer notebook"));
  CHECK(Notebook::load(course.path() / "release/ps1/test.ipynb").to_text() == released.to_text());
}

TEST_CASE("release honours nbgrader_config.py: delimiters, stubs, ignore, header, lock_all_cells",
          "[grader][release][nbgrader_config]") {
  TempDir course;
  fs::copy(fs::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader_config_course", course.path(),
           fs::copy_options::recursive);
  const auto loaded = load_course_config(course.path());
  REQUIRE_FALSE(has_errors(loaded.problems));
  const auto outcome = release_assignment(loaded.config, "ps1", {});
  REQUIRE(outcome.summary);

  const auto released = Notebook::load(course.path() / "release/ps1/problem.ipynb");
  CHECK_THAT(cell_source(released.cell(0)),
             Catch::Contains("Course header"));  // IncludeHeaderFooter
  const Json* answer = cell_by_id(released, "square");
  REQUIRE(answer);
  CHECK(cell_source(*answer) == "# Your answer here\nraise NotImplementedError()");  // code_stub
  const Json* tests = cell_by_id(released, "test_square");
  REQUIRE(tests);
  CHECK(cell_source(*tests) == "assert square(3) == 9");  // custom hidden-test delimiters
  const Json* essay = cell_by_id(released, "explain");
  REQUIRE(essay);
  CHECK(cell_source(*essay) == "YOUR ANSWER HERE (gradebox.toml)");  // gradebox.toml wins
  for (const auto& cell : released.cells()) {  // lock_all_cells; answers stay editable
    CHECK(cell["metadata"]["deletable"] == false);
    if (!is_solution(cell)) CHECK(cell["metadata"]["editable"] == false);
  }
  CHECK_FALSE(fs::exists(course.path() / "release/ps1/solutions.py"));  // CourseDirectory.ignore
  CHECK_FALSE(fs::exists(course.path() / "release/ps1/grades.csv"));
  CHECK(fs::exists(course.path() / "release/ps1/data.txt"));
  const auto master = read_text(course.path() / ".gradebox/master/ps1/problem.ipynb");
  CHECK_THAT(master, Catch::Contains("square(-4)"));

  // --force with the config read keeps the header: the release is rebuilt identically.
  ReleaseOptions force;
  force.force = true;
  REQUIRE(release_assignment(load_course_config(course.path()).config, "ps1", force).summary);
  CHECK(Notebook::load(course.path() / "release/ps1/problem.ipynb").to_text() ==
        released.to_text());
}
