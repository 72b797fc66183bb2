// The feedback run over a course tree, and grade-manual's signed records feeding it.
#include "grader/feedback/feedback_run.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <sstream>

#include "grader/records/file_io.hpp"
#include "grader/records/record_run_writer.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "hostile_notebook.hpp"

namespace fs = std::filesystem;
using namespace gradebox::feedback;
using gradebox::feedback::testing::hostile_autograded_notebook;
using gradebox::feedback::testing::kHiddenSecret;

namespace {

namespace records = gradebox::records;

records::GradeRecord mallory_record() {
  records::GradeRecord r;
  r.record_id = records::new_record_id();
  r.course = "course";
  r.assignment = "ps1";
  r.student = "mallory";
  r.cells = {
      {"problem1.ipynb", "test_hidden", 0, 2000, "error", 1, 1, 1, false, false, std::nullopt},
      {"problem1.ipynb", "test_visible", 0, 1000, "tampered", 1, 1, 1, false, false, std::nullopt},
      {"problem1.ipynb", "essay", 0, 2000, "ok", 0, 0, 0, true, true, std::nullopt}};
  r.tampering = {{"problem1.ipynb", "test_visible", 3, "edited_test", "the test was edited"}};
  r.isolation.level = "rlimit";
  r.gradebox_version = "0.1.0";
  r.graded_at = records::format_rfc3339_utc(records::utc_now());
  r.late.submitted_at = "2026-11-21T02:00:00Z";
  return r;
}

records::ManualGrade essay_grade(int64_t points_milli) {
  return {records::new_record_id(),
          "course",
          "ps1",
          "mallory",
          "problem1.ipynb",
          "essay",
          points_milli,
          "Clear <b>argument</b>",
          "ta1",
          "0.1.0",
          records::format_rfc3339_utc(records::utc_now())};
}

// Signs files as autograde and grade-manual do, with the course's active key.
struct SignedRun {
  records::RecordRunWriter writer;
  explicit SignedRun(const fs::path& root)
      : writer(root / "records",
               records::load_active_signing_key(root / ".gradebox" / "keys").private_key, "course",
               "ps1") {}
};

// A course tree in a fresh temporary directory, removed afterwards: a master copy, mallory's
// autograded notebook, a signing key and (unless `signed_record` is false) her signed record.
struct TempCourse {
  fs::path root;
  explicit TempCourse(bool signed_record = true) {
    std::random_device rd;
    root = fs::temp_directory_path() /
           ("gradebox-feedback-" + std::to_string(rd()) + "-" + std::to_string(rd()));
    fs::create_directories(root);
    const auto nb = hostile_autograded_notebook();
    save(nb, root / ".gradebox" / "master" / "ps1" / "problem1.ipynb");
    auto autograded = nb;
    // The student's autograded copy keeps no markers: only the master says the test hides tests.
    gradebox::notebook::set_cell_source(autograded.cell(2), "assert f(1) == 1\nassert f(2) == 2\n");
    save(autograded, root / "autograded" / "mallory" / "ps1" / "problem1.ipynb");
    records::generate_signing_key(root / ".gradebox" / "keys", records::utc_now());
    if (!signed_record) return;
    SignedRun run(root);
    run.writer.write(mallory_record());
    run.writer.finish(records::utc_now());
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

}  // namespace

TEST_CASE("feedback writes a page per notebook and an index", "[feedback]") {
  TempCourse course;
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK_FALSE(gradebox::notebook::has_errors(outcome.problems));
  const fs::path page = course.root / "feedback" / "mallory" / "ps1" / "problem1.html";
  REQUIRE(outcome.pages == std::vector<fs::path>{page});
  const auto html = course.read(page);
  // Withheld via the master copy: the hidden test's source, output and (in the cell header) its
  // assertion message.
  CHECK(html.find(kHiddenSecret) == std::string::npos);
  CHECK(html.find("assert f(2) == 2") == std::string::npos);
  CHECK(html.find("Submitted 2026-11-21T02:00:00Z") != std::string::npos);  // the record's time
  REQUIRE(outcome.index);
  const auto index = course.read(*outcome.index);
  CHECK(index.find("href=\"./mallory/ps1/problem1.html\"") != std::string::npos);
}

TEST_CASE("feedback --show-hidden includes hidden tests", "[feedback]") {
  TempCourse course;
  generate_feedback(course.root, options_for(true));
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("assert f(2) == 2") != std::string::npos);
  CHECK(html.find(kHiddenSecret) != std::string::npos);
}

TEST_CASE("feedback applies --due and the late policy", "[feedback]") {
  TempCourse course(false);
  {
    SignedRun run(course.root);
    run.writer.write(mallory_record());
    run.writer.write(essay_grade(1500));  // points to lose: the record alone scores 0
    run.writer.finish(records::utc_now());
  }
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
  for (const char* bad : {"../etc", "https:attacker.example", "=cmd", "a\x1b[2Jb", ".hidden"}) {
    options.students = {bad};
    CHECK_THROWS(generate_feedback(course.root, options));
  }
  options.students = {};
  options.due = "next tuesday";
  CHECK_THROWS(generate_feedback(course.root, options));
}

TEST_CASE("a verified grade record and manual grade decide the page's grades", "[feedback]") {
  TempCourse course(false);
  {
    SignedRun run(course.root);
    run.writer.write(mallory_record());
    run.writer.write(essay_grade(1500));
    run.writer.finish(records::utc_now());
  }
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK(outcome.problems.empty());
  const auto html = course.read(course.root / "feedback" / "mallory" / "ps1" / "problem1.html");
  CHECK(html.find("grades from signed grade record") != std::string::npos);
  CHECK(html.find("Score: 1.5 / 5") != std::string::npos);  // record: tests 0; manual essay 1.5
  CHECK(html.find(">tampered</span>") != std::string::npos);
  CHECK(html.find("<code>edited_test</code>") != std::string::npos);
  CHECK(html.find("Clear &lt;b&gt;argument&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("Submitted 2026-11-21T02:00:00Z") != std::string::npos);  // the record's time
}

TEST_CASE("a tampered manual grade is reported and the student gets no page", "[feedback]") {
  TempCourse course(false);
  fs::path manual_file;
  {
    SignedRun run(course.root);
    run.writer.write(mallory_record());
    manual_file = run.writer.write(essay_grade(500));
    run.writer.finish(records::utc_now());
  }
  auto bytes = records::read_file(manual_file);
  const auto at = bytes.find("\"payload\":\"");
  REQUIRE(at != std::string::npos);
  char& c = bytes[at + 20];
  c = c == 'A' ? 'B' : 'A';
  records::write_file_atomically(manual_file, bytes);
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK(gradebox::notebook::has_errors(outcome.problems));
  CHECK(outcome.pages.empty());
  CHECK_FALSE(fs::exists(course.root / "feedback" / "mallory" / "ps1" / "problem1.html"));
  REQUIRE(outcome.index);
  CHECK(course.read(*outcome.index).find("failed verification") != std::string::npos);
}

TEST_CASE("without a verified grade record there is no page", "[feedback]") {
  TempCourse course(false);
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK(gradebox::notebook::has_errors(outcome.problems));
  CHECK(outcome.pages.empty());
}

TEST_CASE("only the master copy's notebooks get pages, opened without following links",
          "[feedback]") {
  TempCourse course;
  const fs::path dir = course.root / "autograded" / "mallory" / "ps1";
  // A planted notebook claiming 90 of 10 points in its own metadata.
  auto planted = hostile_autograded_notebook();
  planted.cell(3)["metadata"]["gradebox"]["score"] = {
      {"points", 90}, {"max_points", 10}, {"status", "auto"}};
  TempCourse::save(planted, dir / "extra.ipynb");
  // problem2 is named by the master, but the autograded copy is a link to the master copy.
  TempCourse::save(planted, course.root / ".gradebox" / "master" / "ps1" / "problem2.ipynb");
  fs::create_symlink(course.root / ".gradebox" / "master" / "ps1" / "problem1.ipynb",
                     dir / "problem2.ipynb");
  const auto outcome = generate_feedback(course.root, options_for());
  CHECK(outcome.pages ==
        std::vector<fs::path>{course.root / "feedback" / "mallory" / "ps1" / "problem1.html"});
  CHECK(gradebox::notebook::has_errors(outcome.problems));  // problem2: a link, not rendered
  CHECK_FALSE(fs::exists(course.root / "feedback" / "mallory" / "ps1" / "extra.html"));
  CHECK_FALSE(fs::exists(course.root / "feedback" / "mallory" / "ps1" / "problem2.html"));
  const auto index = course.read(*outcome.index);
  CHECK(index.find("extra") == std::string::npos);
  CHECK(index.find("0 / 5") != std::string::npos);  // the record's total, not 90
  CHECK(index.find("90 / ") == std::string::npos);
}
