// The feedback run over a course tree, and grade-manual's signed records feeding it.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "grader/feedback/feedback_run.hpp"
#include "grader/feedback/manual_grading.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "hostile_notebook.hpp"

namespace fs = std::filesystem;
using namespace gradebox::feedback;
using gradebox::feedback::testing::hostile_autograded_notebook;
using gradebox::feedback::testing::kHiddenSecret;

namespace {

// A course tree in a fresh temporary directory, removed afterwards.
struct TempCourse {
  fs::path root;
  TempCourse() {
    std::random_device rd;
    root = fs::temp_directory_path() / ("gradebox-feedback-" + std::to_string(rd()) + "-" +
                                        std::to_string(rd()));
    fs::create_directories(root);
    const auto nb = hostile_autograded_notebook();
    save(nb, root / ".gradebox" / "master" / "ps1" / "problem1.ipynb");
    auto autograded = nb;
    // The student's autograded copy keeps no markers: only the master says the test hides tests.
    gradebox::notebook::set_cell_source(autograded.cell(2), "assert f(1) == 1\nassert f(2) == 2\n");
    save(autograded, root / "autograded" / "mallory" / "ps1" / "problem1.ipynb");
    write(root / "autograded" / "mallory" / "ps1" / "timestamp.txt",
          "2026-11-21 01:00:00.000000 UTC\n");
  }
  ~TempCourse() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  static void save(const gradebox::notebook::Notebook& nb, const fs::path& path) {
    fs::create_directories(path.parent_path());
    nb.save(path);
  }
  static void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  std::string read(const fs::path& path) const {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

FeedbackOptions options_for(bool show_hidden = false) {
  FeedbackOptions options;
  options.assignment = "ps1";
  options.show_hidden = show_hidden;
  return options;
}

ManualGradeRequest essay_grade(const fs::path& root, std::string points) {
  ManualGradeRequest request;
  request.course_root = root;
  request.assignment = "ps1";
  request.student = "mallory";
  request.grade_id = "essay";
  request.points = std::move(points);
  request.comment = "Clear <b>argument</b>";
  request.grader = "ta1";
  return request;
}

}  // namespace

TEST_CASE("feedback writes a page per notebook and an index", "[feedback]") {
  TempCourse course;
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK_FALSE(gradebox::notebook::has_errors(outcome.problems));
  const fs::path page = course.root / "feedback" / "mallory" / "ps1" / "problem1.html";
  REQUIRE(outcome.pages == std::vector<fs::path>{page});
  const auto html = course.read(page);
  CHECK(html.find(kHiddenSecret) == std::string::npos);  // withheld via the master copy
  CHECK(html.find("assert f(2) == 2") == std::string::npos);  // hidden test's source
  CHECK(html.find("Submitted 2026-11-21T01:00:00Z") != std::string::npos);
  REQUIRE(outcome.index);
  const auto index = course.read(*outcome.index);
  CHECK(index.find("href=\"mallory/ps1/problem1.html\"") != std::string::npos);
}

TEST_CASE("feedback --show-hidden includes hidden tests", "[feedback]") {
  TempCourse course;
  generate_feedback(course.root, options_for(true));
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("assert f(2) == 2") != std::string::npos);
  CHECK(html.find(kHiddenSecret) != std::string::npos);
}

TEST_CASE("feedback applies --due and the late policy", "[feedback]") {
  TempCourse course;
  auto options = options_for();
  options.due = "2026-11-20 23:59 UTC";
  options.late_policy = gradebox::exporting::LatePolicy::parse("per-day:10%");
  generate_feedback(course.root, options);
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("late penalty &minus;0.5") != std::string::npos);  // 10% of 5, one day
}

TEST_CASE("feedback reports unknown students and bad options", "[feedback]") {
  TempCourse course;
  auto options = options_for();
  options.students = {"nobody"};
  const auto outcome = generate_feedback(course.root, options);
  CHECK(gradebox::notebook::has_errors(outcome.problems));
  options.students = {"../etc"};
  CHECK_THROWS(generate_feedback(course.root, options));
  options.students = {};
  options.due = "next tuesday";
  CHECK_THROWS(generate_feedback(course.root, options));
}

TEST_CASE("grade-manual signs a manual grade that verifies and feeds the page", "[feedback]") {
  TempCourse course;
  gradebox::records::generate_signing_key(course.root / ".gradebox" / "keys",
                                          gradebox::records::utc_now());
  const auto written = write_manual_grade(essay_grade(course.root, "1.5"));
  CHECK(written.grade.notebook == "problem1.ipynb");
  CHECK(written.grade.points_milli == 1500);
  CHECK(written.max_milli == 2000);
  CHECK(fs::is_regular_file(written.record_file));
  CHECK(fs::is_regular_file(written.manifest_file));

  const auto trust = gradebox::records::TrustStore::load(course.root / ".gradebox" / "keys" /
                                                         "trust.json");
  const auto set = gradebox::records::verify_record_set({course.root / "records"}, trust, {});
  CHECK(set.failures.empty());
  REQUIRE(set.manual_grades.size() == 1);
  CHECK(set.manual_grades[0].grade.comment == "Clear <b>argument</b>");

  const auto outcome = generate_feedback(course.root, options_for());
  CHECK(outcome.problems.empty());
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("Score: 2.5 / 5") != std::string::npos);
  CHECK(html.find("Clear &lt;b&gt;argument&lt;/b&gt;") != std::string::npos);
}

TEST_CASE("a tampered manual grade is reported and not used", "[feedback]") {
  TempCourse course;
  gradebox::records::generate_signing_key(course.root / ".gradebox" / "keys",
                                          gradebox::records::utc_now());
  const auto written = write_manual_grade(essay_grade(course.root, "0.5"));
  auto bytes = gradebox::records::read_file(written.record_file);
  const auto at = bytes.find("\"signatures\"");
  REQUIRE(at != std::string::npos);
  bytes[bytes.size() / 2] = bytes[bytes.size() / 2] == 'A' ? 'B' : 'A';
  gradebox::records::write_file_atomically(written.record_file, bytes);
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK_FALSE(outcome.problems.empty());
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("Score: 1 / 5") != std::string::npos);
  CHECK(html.find("failed verification") != std::string::npos);
}

TEST_CASE("grade-manual refuses what it cannot record", "[feedback]") {
  TempCourse course;
  gradebox::records::generate_signing_key(course.root / ".gradebox" / "keys",
                                          gradebox::records::utc_now());
  CHECK_THROWS_WITH(write_manual_grade(essay_grade(course.root, "2.5")),
                    Catch::Contains("exceed the cell's maximum of 2"));
  CHECK_THROWS_WITH(write_manual_grade(essay_grade(course.root, "-1")),
                    Catch::Contains("not a number >= 0"));
  CHECK_THROWS_WITH(write_manual_grade(essay_grade(course.root, "1.2345")),
                    Catch::Contains("at most three decimals"));
  auto unknown = essay_grade(course.root, "1");
  unknown.grade_id = "nope";
  CHECK_THROWS_WITH(write_manual_grade(unknown), Catch::Contains("no graded cell with grade_id 'nope'"));
  auto absent = essay_grade(course.root, "1");
  absent.student = "alice";
  CHECK_THROWS_WITH(write_manual_grade(absent), Catch::Contains("has no autograded ps1"));
  fs::remove_all(course.root / ".gradebox" / "keys");
  CHECK_THROWS(write_manual_grade(essay_grade(course.root, "1")));
  CHECK_FALSE(fs::exists(course.root / "records"));
}
