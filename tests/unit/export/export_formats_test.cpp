// End to end through run_export: signed synthetic records, a roster with awkward names, every
// format written and parsed back, late policies, manual grades, verification-first behaviour.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "grader/export/csv.hpp"
#include "grader/export/export_run.hpp"
#include "grader/records/dsse_envelope.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/signing_key_directory.hpp"
#include "synthetic_records.hpp"

using namespace gradebox::exporting;
namespace records = gradebox::records;
using gradebox::testing::synthetic_record;

namespace {

// Records: alice on time (manual answer graded 2.5 by hand), bob two started days late, carol
// awaiting manual grading, eve not in the roster; the roster also has dave, who did not submit.
class ExportCourse {
 public:
  ExportCourse() {
    const auto generated = records::generate_signing_key(
        dir_.path() / "keys", *records::parse_timestamp("2026-01-01T00:00:00Z"));
    trust = generated.trust_store_path;
    const auto key = records::load_active_signing_key(dir_.path() / "keys");
    gradebox::testing::SyntheticRecordWriter writer(records_dir(), key.private_key);
    writer.write(synthetic_record("alice", "ps1", 1500));
    auto bob = synthetic_record("bob", "ps1", 2000);
    bob.late = {"2026-11-22T10:00:00Z", "2026-11-22 10:00:00 UTC", "zero"};  // course: zero
    writer.write(bob);
    writer.write(synthetic_record("carol", "ps1", 1500, "2026-11-21T10:00:00Z", true));
    writer.write(synthetic_record("eve", "ps1", 0));
    writer.write(
        gradebox::testing::synthetic_manual_grade("alice", "ps1", 2500, "2026-11-21T11:00:00Z"));
    writer.finish_run("ps1", "2026-11-21T11:05:00Z");
    roster = dir_.path() / "roster.csv";
    records::write_file_atomically(roster,
                                   "student_id,first_name,last_name,email,username,lms_id,section\n"
                                   "alice,Alice,\"Doe, Jr.\",alice@example.org,adoe,101,A\n"
                                   "bob,\"Bob \"\"Bobby\"\"\",Ng,bob@example.org,,102,B\n"
                                   "carol,Zoë,Ångström,carol@example.org,,103,A\n"
                                   "dave,Dave,\"O'Neil\nline2\",dave@example.org,,104,B\n");
  }

  std::filesystem::path records_dir() const { return dir_.path() / "records"; }
  std::filesystem::path out(const std::string& name) const { return dir_.path() / name; }

  ExportOptions options(ExportFormat format, const std::string& output_name) const {
    ExportOptions o;
    o.record_inputs = {records_dir()};
    o.trust_store = trust;
    o.format = format;
    o.roster = roster;
    o.late_policy = LatePolicy::parse("per-day:10%");
    o.output = out(output_name);
    o.format_options.due = records::parse_timestamp("2026-11-20 23:59 UTC");
    o.format_options.lms_assignment_ids[""] = "42";
    o.jobs = 2;
    return o;
  }

  std::filesystem::path trust;
  std::filesystem::path roster;

 private:
  gradebox::testing::TempDir dir_;
};

struct ExportResult {
  int code;
  std::string err;
};

ExportResult run(const ExportOptions& options) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = run_export(options, out, err);
  return {code, err.str()};
}

std::vector<CsvRow> read_csv(const std::filesystem::path& path) {
  return parse_csv(records::read_file(path), path.string());
}

}  // namespace

TEST_CASE("nbgrader CSV: exact header, roster join both ways, late penalty, manual override",
          "[export]") {
  ExportCourse course;
  const auto result = run(course.options(ExportFormat::nbgrader, "grades.csv"));
  REQUIRE(result.code == kExportOk);
  CHECK_THAT(result.err,
             Catch::Contains("roster: eve has a record for ps1 but is not in the roster"));
  CHECK_THAT(result.err, Catch::Contains("roster: dave has no record for ps1"));
  const auto rows = read_csv(course.out("grades.csv"));
  REQUIRE(rows.size() == 6);
  CHECK(rows[0] == CsvRow{"assignment", "duedate", "timestamp", "student_id", "last_name",
                          "first_name", "email", "raw_score", "late_submission_penalty", "score",
                          "max_score"});
  // alice: 1 + 1.5 + 2.5 (manual grade overrides the auto 0) of 6, on time.
  CHECK(rows[1] == CsvRow{"ps1", "2026-11-20T23:59:00Z", "2026-11-20T12:00:00Z", "alice",
                          "Doe, Jr.", "Alice", "alice@example.org", "5", "0", "5", "6"});
  // bob: raw 3, 2 started days late at 10% of 6 each = 1.2.
  CHECK(rows[2][3] == "bob");
  CHECK(rows[2][5] == "Bob \"Bobby\"");
  CHECK((CsvRow{rows[2][7], rows[2][8], rows[2][9]}) == CsvRow{"3", "1.2", "1.8"});
  CHECK(rows[3][4] == "Ångström");
  CHECK(rows[4][3] == "dave");
  CHECK(rows[4][4] == "O'Neil\nline2");
  CHECK((CsvRow{rows[4][2], rows[4][9]}) == CsvRow{"", "0"});
  CHECK(rows[5][3] == "eve");
}

TEST_CASE("late policy zero and none", "[export]") {
  ExportCourse course;
  auto options = course.options(ExportFormat::nbgrader, "zero.csv");
  options.late_policy = LatePolicy::parse("zero");
  REQUIRE(run(options).code == kExportOk);
  auto rows = read_csv(course.out("zero.csv"));
  CHECK((CsvRow{rows[2][7], rows[2][8], rows[2][9]}) == CsvRow{"3", "3", "0"});
  options.late_policy = LatePolicy::parse("none");
  REQUIRE(run(options).code == kExportOk);
  rows = read_csv(course.out("zero.csv"));
  CHECK((CsvRow{rows[2][7], rows[2][8], rows[2][9]}) == CsvRow{"3", "0", "3"});
  options.late_policy.reset();  // bob's record's own: graded under penalty_method "zero"
  REQUIRE(run(options).code == kExportOk);
  rows = read_csv(course.out("zero.csv"));
  CHECK((CsvRow{rows[2][7], rows[2][8], rows[2][9]}) == CsvRow{"3", "3", "0"});
}

TEST_CASE("per-cell columns", "[export]") {
  ExportCourse course;
  auto options = course.options(ExportFormat::nbgrader, "cells.csv");
  options.format_options.per_cell = true;
  REQUIRE(run(options).code == kExportOk);
  const auto rows = read_csv(course.out("cells.csv"));
  REQUIRE(rows[0].size() == 14);
  CHECK((CsvRow{rows[0][11], rows[0][12], rows[0][13]}) ==
        CsvRow{"test_a", "test_b", "manual_answer"});
  CHECK((CsvRow{rows[1][11], rows[1][12], rows[1][13]}) == CsvRow{"1", "1.5", "2.5"});
}

TEST_CASE("Canvas, Moodle and Blackboard CSVs parse back", "[export]") {
  ExportCourse course;
  REQUIRE(run(course.options(ExportFormat::canvas, "canvas.csv")).code == kExportOk);
  auto rows = read_csv(course.out("canvas.csv"));
  CHECK(rows[0] == CsvRow{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ps1 (42)"});
  CHECK(rows[1] == CsvRow{"    Points Possible", "", "", "", "", "6"});
  CHECK(rows[2] == CsvRow{"Doe, Jr., Alice", "101", "", "", "A", "5"});
  CHECK(rows[3][5] == "1.8");

  auto moodle = course.options(ExportFormat::moodle, "moodle.csv");
  REQUIRE(run(moodle).code == kExportOk);
  rows = read_csv(course.out("moodle.csv"));
  CHECK(rows[0] == CsvRow{"Email address", "ps1"});
  CHECK(rows[1] == CsvRow{"alice@example.org", "5"});
  moodle.format_options.moodle_identifier = "username";
  REQUIRE(run(moodle).code == kExportOk);
  rows = read_csv(course.out("moodle.csv"));
  CHECK(rows[0][0] == "Username");
  CHECK(rows[1][0] == "adoe");
  CHECK(rows[2][0] == "bob");  // no username in the roster: the student id

  REQUIRE(run(course.options(ExportFormat::blackboard, "bb.csv")).code == kExportOk);
  rows = read_csv(course.out("bb.csv"));
  CHECK(rows[0] == CsvRow{"Username", "ps1 [Total Pts: 6 Score] |42"});
  CHECK(rows[1] == CsvRow{"adoe", "5"});
  CHECK(rows.size() == 6);
}

TEST_CASE("Gradescope results.json, LTI AGS lines and plain JSON parse back", "[export]") {
  ExportCourse course;
  REQUIRE(run(course.options(ExportFormat::gradescope, "gradescope")).code == kExportOk);
  const auto alice = nlohmann::json::parse(
      records::read_file(course.out("gradescope") / "alice" / "results.json"));
  CHECK(alice["score"] == 5);
  REQUIRE(alice["tests"].size() == 3);
  CHECK(alice["tests"][1]["name"] == "test_b");
  CHECK(alice["tests"][1]["score"].dump() == "1.5");
  CHECK(alice["tests"][1]["max_score"].dump() == "2");
  CHECK(alice["tests"][2]["visibility"] == "visible");
  CHECK_FALSE(
      std::filesystem::exists(course.out("gradescope") / "dave"));  // no submission, no file

  REQUIRE(run(course.options(ExportFormat::lti_ags, "scores.jsonl")).code == kExportOk);
  std::istringstream lines(records::read_file(course.out("scores.jsonl")));
  std::map<std::string, nlohmann::json> by_user;
  for (std::string line; std::getline(lines, line);) {
    const auto score = nlohmann::json::parse(line);
    by_user[score["userId"]] = score;
  }
  REQUIRE(by_user.size() == 4);  // alice, bob, carol, eve (eve by student id)
  CHECK(by_user["101"]["scoreGiven"] == 5);
  CHECK(by_user["101"]["scoreMaximum"] == 6);
  CHECK(by_user["101"]["gradingProgress"] == "FullyGraded");
  CHECK(by_user["101"]["activityProgress"] == "Completed");
  CHECK(by_user["101"]["timestamp"] == "2026-11-21T10:00:00Z");
  CHECK(by_user["102"]["scoreGiven"].dump() == "1.8");
  CHECK(by_user["103"]["gradingProgress"] == "PendingManual");
  CHECK(by_user.count("eve"));

  REQUIRE(run(course.options(ExportFormat::json, "grades.json")).code == kExportOk);
  const auto json = nlohmann::json::parse(records::read_file(course.out("grades.json")));
  REQUIRE(json["assignments"].size() == 1);
  CHECK(json["assignments"][0]["max_milli"] == 6000);
  CHECK(json["assignments"][0]["students"].size() == 5);
  CHECK(json["assignments"][0]["students"][0]["score_milli"] == 5000);
}

TEST_CASE("verification first: no output on failure unless --allow-partial", "[export]") {
  ExportCourse course;
  const auto bob_file = course.records_dir() / "ps1" / "bob.json";
  auto envelope = records::parse_envelope(records::read_file(bob_file));
  envelope.payload.replace(envelope.payload.find("\"points_milli\":2000"), 19,
                           "\"points_milli\":2900");
  records::write_file_atomically(bob_file, records::serialize_envelope(envelope));
  std::filesystem::remove(course.records_dir() / "ps1" / "carol.json");

  auto options = course.options(ExportFormat::nbgrader, "grades.csv");
  auto result = run(options);
  CHECK(result.code == kExportVerificationFailed);
  CHECK_FALSE(std::filesystem::exists(course.out("grades.csv")));
  CHECK_THAT(result.err, Catch::Contains("bob.json (student bob): signature does not verify"));
  CHECK_THAT(result.err, Catch::Contains("(student carol): grade-record"));
  CHECK_THAT(result.err, Catch::Contains("no output written"));

  options.allow_partial = true;
  result = run(options);
  CHECK(result.code == kExportPartial);
  CHECK_THAT(result.err, Catch::Contains("PARTIAL export"));
  const auto rows = read_csv(course.out("grades.csv"));
  std::vector<std::string> students;
  for (size_t i = 1; i < rows.size(); ++i) students.push_back(rows[i][3]);
  // bob and carol are withheld (not exported as zero); everyone verified is there.
  CHECK(students == std::vector<std::string>{"alice", "dave", "eve"});
}

TEST_CASE("a bad trust store or roster is a usage error", "[export]") {
  ExportCourse course;
  auto options = course.options(ExportFormat::nbgrader, "grades.csv");
  options.trust_store = course.out("missing.json");
  CHECK(run(options).code == kExportUsageError);
  options = course.options(ExportFormat::gradescope, "g");
  options.output.reset();
  CHECK(run(options).code == kExportUsageError);
}

namespace {

// A cell a spreadsheet would run: starts with = + - @ TAB or CR and is not a plain number.
bool is_formula(const std::string& cell) {
  if (cell.empty() || std::string("=+-@\t\r").find(cell.front()) == std::string::npos) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return end != cell.c_str() + cell.size();
}

}  // namespace

TEST_CASE("every CSV format neutralises formulas in names and ids, numbers stay numbers",
          "[export]") {
  ExportCourse course;
  const auto roster = course.out("formula-roster.csv");
  records::write_file_atomically(
      roster,
      "student_id,first_name,last_name,email,username,lms_id,sis_user_id,sis_login_id,section\n"
      "alice,\"=HYPERLINK(\"\"http://attacker.example\"\",\"\"x\"\")\",+1+cmd,@SUM(1),-2+3,"
      "\"\t=1\",\"\r=2\",=3,-1.5\n"
      "=cmd|' /C calc'!A0,Eve,Evil,eve@example.org,=user,105,,,A\n");
  for (const auto& [format, file] : {std::pair{ExportFormat::nbgrader, "nb.csv"},
                                     {ExportFormat::canvas, "canvas.csv"},
                                     {ExportFormat::moodle, "moodle.csv"},
                                     {ExportFormat::blackboard, "bb.csv"}}) {
    auto options = course.options(format, file);
    options.roster = roster;
    if (format == ExportFormat::moodle) options.format_options.moodle_identifier = "username";
    REQUIRE(run(options).code == kExportOk);
    const std::string text = records::read_file(course.out(file));
    for (const auto& row : read_csv(course.out(file)))
      for (const auto& cell : row) CHECK_FALSE(is_formula(cell));
    CHECK(text.find("'=") != std::string::npos);  // neutralised, not dropped
  }
  // Text keeps its content behind the quote; numbers, including negative ones, are unchanged.
  CHECK(neutralise_formula("=1+2") == "'=1+2");
  CHECK(neutralise_formula("-2+3") == "'-2+3");
  CHECK(neutralise_formula("@SUM(1)") == "'@SUM(1)");
  CHECK(neutralise_formula("\t=1") == "'\t=1");
  CHECK(neutralise_formula("\r=1") == "'\r=1");
  CHECK(neutralise_formula("+") == "'+");
  CHECK(neutralise_formula("-1.5") == "-1.5");
  CHECK(neutralise_formula("+2") == "+2");
  CHECK(neutralise_formula("-1e3") == "-1e3");
  CHECK(neutralise_formula("Alice") == "Alice");
  CHECK(csv_field("=1,2") == "\"'=1,2\"");
}
