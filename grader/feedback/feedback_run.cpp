// Owns finding the inputs of `gradebox feedback`, joining them per student, and writing pages.
#include "grader/feedback/feedback_run.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include "grader/feedback/autograded_metadata.hpp"
#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/feedback/index_page.hpp"
#include "grader/feedback/record_grades.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::feedback {
namespace {
namespace fs = std::filesystem;
using notebook::Problem;
using notebook::Severity;

// What verified records say, per student.
struct VerifiedRecords {
  std::map<std::string, records::GradeRecord> records;
  std::map<std::string, std::vector<records::ManualGrade>> manual;
  std::map<std::string, std::vector<std::string>> failures;  // per claimed student ("" = unknown)
};

std::vector<std::string> list_students(const fs::path& course, const std::string& assignment) {
  std::vector<std::string> students;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(course / "autograded", ec))
    if (entry.is_directory() && fs::is_directory(entry.path() / assignment))
      students.push_back(entry.path().filename().string());
  std::sort(students.begin(), students.end());
  return students;
}

std::vector<fs::path> list_notebooks(const fs::path& dir) {
  std::vector<fs::path> notebooks;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".ipynb")
      notebooks.push_back(entry.path());
  std::sort(notebooks.begin(), notebooks.end());
  return notebooks;
}

VerifiedRecords load_records(const fs::path& course, const FeedbackOptions& options,
                             notebook::Problems& problems) {
  VerifiedRecords out;
  const fs::path dir = course / "records" / options.assignment;
  if (!fs::is_directory(dir)) return out;
  const fs::path trust_path =
      options.trust_store.value_or(course / ".gradebox" / "keys" / "trust.json");
  records::RecordSet set;
  try {
    const auto trust = records::TrustStore::load(trust_path);
    records::RecordSetOptions set_options;
    set_options.assignment = options.assignment;
    set = records::verify_record_set({dir}, trust, set_options);
  } catch (const std::exception& e) {
    problems.push_back({Severity::warning, dir, std::nullopt, "",
                        std::string("signed records not used: ") + e.what(),
                        "create keys with `gradebox keygen` or pass --trust TRUSTSTORE"});
    return out;
  }
  for (const auto& f : set.failures) {
    problems.push_back({Severity::warning, f.file, std::nullopt, "",
                        "record failed verification: " + f.reason,
                        "run `gradebox verify`; the page uses the autograded notebook instead"});
    out.failures[f.student].push_back(fs::path(f.file).filename().string() + ": " + f.reason);
  }
  for (auto& r : set.records) {
    // A record with a failure for its student is not trusted for that student's page.
    if (out.failures.count(r.record.student)) continue;
    out.records.emplace(r.record.student, std::move(r.record));
  }
  for (auto& m : set.manual_grades) out.manual[m.grade.student].push_back(std::move(m.grade));
  return out;
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::optional<LateNote> late_note(const fs::path& course, const std::string& student,
                                  const FeedbackOptions& options, const records::GradeRecord* record,
                                  int64_t raw_milli, int64_t max_milli) {
  std::string submitted = record ? record->late.submitted_at : "";
  for (const char* area : {"autograded", "submitted"}) {
    if (!submitted.empty()) break;
    const fs::path stamp = course / area / student / options.assignment / "timestamp.txt";
    if (fs::is_regular_file(stamp))
      if (auto parsed = records::parse_timestamp(first_line(stamp)))
        submitted = records::format_rfc3339_utc(*parsed);
  }
  if (submitted.empty()) return std::nullopt;
  LateNote late;
  late.submitted_at = submitted;
  if (!options.due) return late;
  const auto due = records::parse_timestamp(*options.due);
  const auto at = records::parse_timestamp(submitted);
  if (!due || !at) return late;
  late.due = records::format_rfc3339_utc(*due);
  late.seconds_late = std::max<int64_t>(0, (*at - *due).count());
  late.penalty_milli = options.late_policy.penalty_milli(raw_milli, max_milli, late.seconds_late);
  switch (options.late_policy.kind) {
    case exporting::LatePolicy::Kind::none: late.policy = "none"; break;
    case exporting::LatePolicy::Kind::zero: late.policy = "zero"; break;
    case exporting::LatePolicy::Kind::per_day:
      late.policy = "per-day:" + format_points(options.late_policy.percent_milli_per_day) + "%";
      break;
  }
  return late;
}

struct LoadedNotebook {
  std::string name;
  notebook::Notebook notebook;
  NotebookGrades grades;
  std::map<std::string, std::string> hidden_tests;
};

// One student's pages; returns the index row.
IndexRow feedback_for_student(const fs::path& course, const std::string& student,
                              const FeedbackOptions& options, const VerifiedRecords& verified,
                              FeedbackOutcome& outcome) {
  IndexRow row;
  row.student = student;
  const fs::path dir = course / "autograded" / student / options.assignment;
  const auto record_it = verified.records.find(student);
  const records::GradeRecord* record = record_it == verified.records.end() ? nullptr : &record_it->second;
  const auto manual_it = verified.manual.find(student);
  std::vector<std::string> warnings;
  if (auto f = verified.failures.find(student); f != verified.failures.end())
    for (const auto& reason : f->second) warnings.push_back("A signed record failed verification (" + reason + "); grades below come from the autograded notebook.");
  row.problems = warnings;

  std::vector<LoadedNotebook> loaded;
  for (const auto& path : list_notebooks(dir)) {
    try {
      LoadedNotebook nb{path.filename().string(), notebook::Notebook::load(path), {}, {}};
      nb.grades = grades_from_autograded_metadata(nb.notebook);
      if (record) apply_grade_record(nb.grades, *record, nb.name);
      if (manual_it != verified.manual.end()) apply_manual_grades(nb.grades, manual_it->second, nb.name);
      const fs::path master = pipeline::master_copy_dir(course, options.assignment) / nb.name;
      if (fs::is_regular_file(master)) nb.hidden_tests = hidden_test_cells(notebook::Notebook::load(master));
      loaded.push_back(std::move(nb));
    } catch (const notebook::NotebookError& e) {
      outcome.problems.push_back({Severity::error, e.file(), std::nullopt, "",
                                  e.location() + ": " + e.message(), e.hint()});
      row.problems.push_back(path.filename().string() + ": not rendered (" + e.message() + ")");
    }
  }
  if (loaded.empty() && row.problems.empty())
    outcome.problems.push_back({Severity::error, dir, std::nullopt, "",
                                "no autograded notebooks for student " + student,
                                "run `gradebox autograde` first, or check the student id"});

  for (const auto& nb : loaded) {
    row.points_milli += nb.grades.points_milli();
    row.max_milli += nb.grades.max_milli();
    row.tampering += nb.grades.tampering.size();
    for (const auto& [id, g] : nb.grades.cells) row.manual_pending += g.needs_manual_grade ? 1 : 0;
  }
  PageContext context;
  context.course = record ? record->course : course.filename().string();
  context.assignment = options.assignment;
  context.student = student;
  context.show_hidden = options.show_hidden;
  context.assignment_points_milli = row.points_milli;
  context.assignment_max_milli = row.max_milli;
  context.late = late_note(course, student, options, record, row.points_milli, row.max_milli);
  context.warnings = warnings;
  if (context.late) row.penalty_milli = context.late->penalty_milli;

  for (const auto& nb : loaded) {
    context.notebook = nb.name;
    context.hidden_tests = nb.hidden_tests;
    context.image_folder = course / "release" / options.assignment / fs::path(nb.name).parent_path();
    const fs::path page = feedback_page_path(course, student, options.assignment, nb.name);
    records::write_file_atomically(page, render_feedback_page(nb.notebook, nb.grades, context));
    outcome.pages.push_back(page);
    row.notebooks.push_back({nb.name, fs::relative(page, course / "feedback").generic_string(),
                             nb.grades.points_milli(), nb.grades.max_milli()});
  }
  return row;
}

}  // namespace

fs::path feedback_page_path(const fs::path& course_root, const std::string& student,
                            const std::string& assignment, const std::string& notebook_file) {
  return course_root / "feedback" / student / assignment /
         fs::path(notebook_file).replace_extension(".html");
}

FeedbackOutcome generate_feedback(const fs::path& course_root, const FeedbackOptions& options) {
  records::require_path_component(options.assignment, "assignment");
  for (const auto& s : options.students) records::require_path_component(s, "student");
  if (options.due && !records::parse_timestamp(*options.due))
    throw std::invalid_argument("--due \"" + *options.due +
                                "\" is not a date (e.g. \"2026-11-20 23:59 UTC\")");

  FeedbackOutcome outcome;
  const auto students =
      options.students.empty() ? list_students(course_root, options.assignment) : options.students;
  if (students.empty()) {
    outcome.problems.push_back({Severity::error, course_root / "autograded", std::nullopt, "",
                                "no autograded submissions of " + options.assignment,
                                "run `gradebox autograde " + options.assignment + "` first"});
    return outcome;
  }
  if (!fs::is_directory(pipeline::master_copy_dir(course_root, options.assignment)))
    outcome.problems.push_back(
        {Severity::warning, pipeline::master_copy_dir(course_root, options.assignment),
         std::nullopt, "", "no master copy: hidden tests are recognised only by their markers",
         "release the assignment with `gradebox release` in this course"});
  const VerifiedRecords verified = load_records(course_root, options, outcome.problems);

  std::vector<IndexRow> rows;
  for (const auto& student : students) {
    rows.push_back(feedback_for_student(course_root, student, options, verified, outcome));
    ++outcome.students;
  }
  const fs::path index = course_root / "feedback" / ("index." + options.assignment + ".html");
  records::write_file_atomically(index, render_index_page(options.assignment, rows, options.show_hidden));
  outcome.index = index;
  return outcome;
}

}  // namespace gradebox::feedback
