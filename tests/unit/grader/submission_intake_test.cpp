// course::take_in_submission: names, caps and links refused as data, the rest written with
// timestamp.txt, a previous submission kept aside, never a write outside submitted/.
#include "grader/course/submission_intake.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "grader/records/nbgrader_timestamp.hpp"
#include "tests/unit/grader/test_support.hpp"

namespace gradebox::course {
namespace fs = std::filesystem;
using test::read_text;
using test::TempDir;

namespace {

constexpr const char* kTime = "2026-11-20 23:59:00.123456 UTC";

Submission submission_of(std::string student, std::map<std::string, std::string> files,
                         std::string timestamp = kTime) {
  return {std::move(student), "ps1", std::move(files), std::move(timestamp)};
}

bool mentions(const IntakeResult& result, const std::string& text) {
  for (const auto& p : result.problems)
    if (p.message.find(text) != std::string::npos ||
        p.file.string().find(text) != std::string::npos)
      return true;
  return false;
}

std::size_t files_under(const fs::path& dir) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (!entry.is_directory()) ++count;
  return count;
}

}  // namespace

TEST_CASE("intake: files and timestamp.txt land in submitted/<student>/<assignment>", "[intake]") {
  TempDir course;
  const auto result = take_in_submission(
      course.path(), submission_of("alice", {{"ps1.ipynb", "{}"}, {"data/in.csv", "a,b\n"}}), {});
  REQUIRE(result.written);
  CHECK(result.problems.empty());
  CHECK_FALSE(result.replaced);
  const fs::path folder = course.path() / "submitted/alice/ps1";
  CHECK(result.folder == folder);
  CHECK(read_text(folder / "ps1.ipynb") == "{}");
  CHECK(read_text(folder / "data/in.csv") == "a,b\n");
  CHECK(read_text(folder / "timestamp.txt") == kTime);
  CHECK(result.files_written == std::vector<std::string>{"data/in.csv", "ps1.ipynb"});
  struct stat st {};
  REQUIRE(::stat((folder / "ps1.ipynb").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0644);
}

TEST_CASE("intake: refused names are reported, the other files still written", "[intake]") {
  TempDir course;
  const std::map<std::string, std::string> files = {
      {"good.ipynb", "{}"},     {"../escape.txt", "x"},          {"/etc/passwd-copy", "x"},
      {"a/../../up.txt", "x"},  {std::string("nul\0x", 5), "x"}, {"esc\x1b[2J.txt", "x"},
      {"bad\xff\xfe.txt", "x"}, {"timestamp.txt", "forged"},     {"dir/", "x"},
      {"clash", "x"},           {"clash/inner.txt", "x"}};
  const auto result = take_in_submission(course.path(), submission_of("bob", files), {});
  REQUIRE(result.written);
  CHECK(result.files_written == std::vector<std::string>{"clash", "good.ipynb"});
  CHECK(result.problems.size() == files.size() - 2);
  for (const auto& p : result.problems) CHECK(p.severity == notebook::Severity::warning);
  CHECK(mentions(result, "not valid UTF-8"));
  CHECK(mentions(result, "control character"));
  CHECK(mentions(result, "esc\\e[2J.txt"));  // shown escaped, never raw
  CHECK(read_text(course.path() / "submitted/bob/ps1/timestamp.txt") == kTime);
  CHECK_FALSE(fs::exists(course.path() / "escape.txt"));
  CHECK_FALSE(fs::exists(course.path() / "submitted/bob/escape.txt"));
  CHECK(files_under(course.path()) == 3);  // clash, good.ipynb, timestamp.txt
}

TEST_CASE("intake: a bad student id, assignment or timestamp writes nothing", "[intake]") {
  TempDir course;
  auto bad_student = take_in_submission(course.path(), submission_of("../eve", {{"a", "x"}}), {});
  CHECK_FALSE(bad_student.written);
  CHECK(mentions(bad_student, "not a valid student id"));
  auto bad_time = take_in_submission(course.path(), submission_of("eve", {{"a", "x"}}, "soon"), {});
  CHECK_FALSE(bad_time.written);
  CHECK(mentions(bad_time, "submission time"));
  auto no_time = take_in_submission(course.path(), submission_of("fred", {{"a", "x"}}, ""), {});
  CHECK(no_time.written);
  CHECK_FALSE(fs::exists(course.path() / "submitted/fred/ps1/timestamp.txt"));
  Submission bad_assignment = submission_of("eve", {{"a", "x"}});
  bad_assignment.assignment = "..";
  CHECK_FALSE(take_in_submission(course.path(), bad_assignment, {}).written);
  auto nothing = take_in_submission(course.path(), submission_of("eve", {{"../a", "x"}}), {});
  CHECK_FALSE(nothing.written);
  CHECK(mentions(nothing, "nothing written"));
  CHECK(files_under(course.path()) == 1);  // fred's file
}

TEST_CASE("intake: per-file, total and count caps", "[intake]") {
  TempDir course;
  IntakeLimits limits;
  limits.max_file_bytes = 10;
  limits.max_total_bytes = 15;
  limits.max_files = 3;
  const auto result = take_in_submission(course.path(),
                                         submission_of("carol", {{"a", std::string(8, 'a')},
                                                                 {"b", std::string(11, 'b')},
                                                                 {"c", std::string(6, 'c')},
                                                                 {"d", "dd"},
                                                                 {"e", "e"},
                                                                 {"f", ""}}),
                                         limits);
  REQUIRE(result.written);
  CHECK(result.files_written == std::vector<std::string>{"a", "c", "e"});
  CHECK(mentions(result, "per file"));
  CHECK(mentions(result, "would exceed the cap"));
  CHECK(mentions(result, "more than 3 files"));
}

TEST_CASE("intake: a previous submission is kept aside and reported", "[intake]") {
  TempDir course;
  REQUIRE(take_in_submission(
              course.path(),
              submission_of("dave", {{"old.ipynb", "old"}}, "2026-11-19 10:00:00.5 UTC"), {})
              .written);
  const auto result =
      take_in_submission(course.path(), submission_of("dave", {{"new.ipynb", "new"}}), {});
  REQUIRE(result.written);
  REQUIRE(result.replaced);
  CHECK(result.replaced->previous_timestamp == "2026-11-19 10:00:00.5 UTC");
  const fs::path kept = course.path() / "submitted/dave/.replaced/ps1/20261119T100000Z";
  CHECK(result.replaced->kept_at == kept);
  CHECK(read_text(kept / "old.ipynb") == "old");
  CHECK_FALSE(fs::exists(course.path() / "submitted/dave/ps1/old.ipynb"));
  CHECK(read_text(course.path() / "submitted/dave/ps1/new.ipynb") == "new");
  // The same previous time again: kept under a second name, not over the first.
  REQUIRE(take_in_submission(course.path(),
                             submission_of("dave", {{"x", "x"}}, "2026-11-19 10:00:00.5 UTC"), {})
              .written);
  const auto again = take_in_submission(course.path(), submission_of("dave", {{"y", "y"}}), {});
  REQUIRE(again.replaced);
  CHECK(again.replaced->kept_at.filename() == "20261119T100000Z-2");
  CHECK(read_text(kept / "old.ipynb") == "old");
}

TEST_CASE("intake: links already under submitted/ are never followed", "[intake]") {
  TempDir course;
  const fs::path victim = course.path() / "victim";
  fs::create_directories(victim);
  fs::create_directories(course.path() / "submitted/erin");
  fs::create_directory_symlink(victim, course.path() / "submitted/mallory");
  fs::create_directory_symlink(victim, course.path() / "submitted/erin/ps1");
  for (const char* student : {"mallory", "erin"}) {
    const auto result =
        take_in_submission(course.path(), submission_of(student, {{"ps1.ipynb", "{}"}}), {});
    CHECK_FALSE(result.written);
    CHECK(mentions(result, "nothing written"));
  }
  CHECK(fs::is_empty(victim));
  CHECK(fs::is_symlink(course.path() / "submitted/erin/ps1"));
}

TEST_CASE("intake: format_nbgrader_timestamp writes what nbgrader's exchange writes", "[intake]") {
  using namespace std::chrono;
  const sys_time<microseconds> time = sys_days{2026y / 11 / 20} + 23h + 59min + 1s + 42us;
  CHECK(records::format_nbgrader_timestamp(time) == "2026-11-20 23:59:01.000042 UTC");
  CHECK(records::parse_nbgrader_timestamp(records::format_nbgrader_timestamp(time)).utc ==
        floor<seconds>(time));
}

}  // namespace gradebox::course
