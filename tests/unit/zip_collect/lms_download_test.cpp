// zip_collect on archives shaped like each LMS's bulk download, and nbgrader's named_regexp.
#include <catch2/catch.hpp>

#include "tests/unit/zip_collect/zip_test_support.hpp"

namespace gradebox::test {
namespace fs = std::filesystem;

TEST_CASE("Canvas download: ids through the roster, late and resubmission names", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "canvas.zip",
           "z.writestr('smithalice_1001_5001_ps1.ipynb', 'alice')\n"
           "z.writestr('jonesbob_late_1002_5002_ps1-1.ipynb', 'bob')\n"
           "z.writestr('ghostcasper_9999_5003_ps1.ipynb', 'ghost')\n"
           "z.writestr('smithalice_1001_5001_notes.pdf', 'pdf')\n");
  const auto report = collect(course, {tmp.path() / "canvas.zip"});
  REQUIRE(report.students.size() == 2);
  CHECK(read_text(course / "submitted/alice/ps1/ps1.ipynb") == "alice");
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");  // "-1" dropped
  CHECK_FALSE(
      fs::exists(course / "submitted/alice/ps1/timestamp.txt"));  // Canvas names carry no time
  CHECK(reported(report.unmatched, "ghostcasper_9999_5003_ps1.ipynb", "not in the roster"));
  CHECK(reported(report.skipped, "smithalice_1001_5001_notes.pdf", "--ext"));
  CHECK_FALSE(report.complete());
}

TEST_CASE("Canvas download without a roster: nothing guessed from LMS numbers", "[zip]") {
  TempDir tmp;
  const auto course = tmp.path() / "course";
  fs::create_directories(course);
  make_zip(tmp.path() / "canvas.zip", "z.writestr('smithalice_1001_5001_ps1.ipynb', 'alice')\n");
  const auto report = collect(course, {tmp.path() / "canvas.zip"});
  CHECK(report.students.empty());
  CHECK(reported(report.unmatched, "smithalice_1001_5001_ps1.ipynb", "needs a roster"));
  CHECK_FALSE(fs::exists(course / "submitted/1001"));
}

TEST_CASE("Moodle download: folders per participant and the flat form, by full name", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "moodle.zip",
           "z.writestr('Alice Smith_301_assignsubmission_file_/ps1.ipynb', 'alice')\n"
           "z.writestr('Alice Smith_301_assignsubmission_file_/data/in.csv', 'a,b')\n"
           "z.writestr('Bob Jones_302_assignsubmission_file_ps1.ipynb', 'bob')\n"
           "z.writestr('Zo\\u00eb M\\u00fcller_303_assignsubmission_file_/ps1.ipynb', 'zoe')\n"
           "z.writestr('Bob Jones_302_assignsubmission_onlinetext_/onlinetext.html', '<p>')\n");
  zip_collect::ZipCollectOptions options;
  options.extensions = {".ipynb", ".csv"};
  const auto report = collect(course, {tmp.path() / "moodle.zip"}, options);
  for (const auto& e : report.unmatched) UNSCOPED_INFO(e.entry << ": " << e.reason);
  for (const auto& e : report.refused) UNSCOPED_INFO(e.entry << ": " << e.reason);
  CHECK(report.complete());
  CHECK(read_text(course / "submitted/alice/ps1/ps1.ipynb") == "alice");
  CHECK(read_text(course / "submitted/alice/ps1/data/in.csv") == "a,b");
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");
  CHECK(read_text(course / "submitted/zoe/ps1/ps1.ipynb") == "zoe");
  CHECK(report.skipped.size() == 1);  // onlinetext.html
}

TEST_CASE("Blackboard download: user names, attempt times, the newest attempt kept", "[zip]") {
  TempDir tmp;
  const auto course = tmp.path() / "course";
  fs::create_directories(course);
  make_zip(tmp.path() / "bb.zip",
           "z.writestr('PS 1_alice_attempt_2026-11-20-23-59-00_ps1.ipynb', 'alice')\n"
           "z.writestr('PS 1_alice_attempt_2026-11-20-23-59-00.txt', 'receipt')\n"
           "z.writestr('PS 1_bob_attempt_2026-11-21-10-00-00_ps1.ipynb', 'bob late')\n"
           "z.writestr('PS 1_bob_attempt_2026-11-19-10-00-00_ps1.ipynb', 'bob early')\n");
  zip_collect::ZipCollectOptions options;
  options.timezone = "America/New_York";
  const auto report = collect(course, {tmp.path() / "bb.zip"}, options);
  CHECK(report.complete());
  CHECK(read_text(course / "submitted/alice/ps1/ps1.ipynb") == "alice");
  CHECK(read_text(course / "submitted/alice/ps1/timestamp.txt") ==
        "2026-11-21 04:59:00.000000 UTC");
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob late");
  CHECK(read_text(course / "submitted/bob/ps1/timestamp.txt") == "2026-11-21 15:00:00.000000 UTC");
}

TEST_CASE("custom regex: nbgrader's named_regexp example, file_id without its extension", "[zip]") {
  TempDir tmp;
  const auto course = tmp.path() / "course";
  fs::create_directories(course);
  make_zip(tmp.path() / "own.zip",
           "z.writestr('ps1_bitdiddle_attempt_2016-01-30-15-00-00_problem1.ipynb', 'b')\n"
           "z.writestr('unrelated.ipynb', 'x')\n");
  zip_collect::ZipCollectOptions options;
  options.regex = R"(.*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+))";
  const auto report = collect(course, {tmp.path() / "own.zip"}, options);
  CHECK(read_text(course / "submitted/bitdiddle/ps1/problem1.ipynb") == "b");
  CHECK(read_text(course / "submitted/bitdiddle/ps1/timestamp.txt") ==
        "2016-01-30 15:00:00.000000 UTC");
  CHECK(reported(report.unmatched, "unrelated.ipynb", "--regex does not match"));
  options.regex = "(?P<student_id>\\w+)";
  CHECK_THROWS_WITH(collect(course, {tmp.path() / "own.zip"}, options), Catch::Contains("file_id"));
  options.regex = "(?P<student_id>[";
  CHECK_THROWS_WITH(collect(course, {tmp.path() / "own.zip"}, options),
                    Catch::Contains("does not compile"));
}

TEST_CASE("collecting again keeps the previous submission and says so", "[zip]") {
  TempDir tmp;
  const auto course = tmp.path() / "course";
  fs::create_directories(course);
  make_zip(tmp.path() / "one.zip",
           "z.writestr('PS1_alice_attempt_2026-11-20-10-00-00_ps1.ipynb', 'v1')\n");
  make_zip(tmp.path() / "two.zip",
           "z.writestr('PS1_alice_attempt_2026-11-21-10-00-00_ps1.ipynb', 'v2')\n");
  REQUIRE(collect(course, {tmp.path() / "one.zip"}).complete());
  const auto report = collect(course, {tmp.path() / "two.zip"});
  REQUIRE(report.students.size() == 1);
  REQUIRE(report.students[0].intake.replaced);
  CHECK(report.students[0].intake.replaced->previous_timestamp == "2026-11-20 10:00:00.000000 UTC");
  CHECK(read_text(report.students[0].intake.replaced->kept_at / "ps1.ipynb") == "v1");
  CHECK(read_text(course / "submitted/alice/ps1/ps1.ipynb") == "v2");
}

TEST_CASE("two different files for one name and no times: that student is not collected", "[zip]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  make_zip(tmp.path() / "a.zip",
           "z.writestr('smithalice_1001_5001_ps1.ipynb', 'one')\n"
           "z.writestr('jonesbob_1002_5002_ps1.ipynb', 'bob')\n");
  make_zip(tmp.path() / "b.zip",
           "z.writestr('smithalice_1001_5009_ps1.ipynb', 'two')\n"
           "z.writestr('jonesbob_1002_5002_ps1.ipynb', 'bob')\n");
  const auto report = collect(course, {tmp.path() / "a.zip", tmp.path() / "b.zip"});
  CHECK_FALSE(report.complete());
  CHECK_FALSE(fs::exists(course / "submitted/alice"));
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") ==
        "bob");  // the same bytes twice: one file
}

}  // namespace gradebox::test
