// Owns finding the inputs of `gradebox feedback`, joining them per student, and writing pages.
#include "grader/feedback/feedback_run.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "grader/course/student_folders.hpp"
#include "grader/course/student_id.hpp"
#include "grader/feedback/autograded_metadata.hpp"
#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/feedback/index_page.hpp"
#include "grader/feedback/record_grades.hpp"
#include "grader/feedback/relative_href.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/rfc3339.hpp"
#include "sandbox/directory_fd.hpp"

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

// Student folders under autograded/ that hold the assignment; folders whose name breaks the
// student id rule are reported, not rendered.
std::vector<std::string> list_students(const fs::path& course, const std::string& assignment,
                                       notebook::Problems& problems) {
  auto found = course::discover_student_folders(course / "autograded", assignment);
  for (const auto& refused : found.refused)
    problems.push_back({Severity::error, refused.folder, std::nullopt, "", refused.problem,
                        course::kStudentIdFix});
  return std::move(found.students);
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

// Lateness from the record's submission time (a timestamp.txt in a student-writable folder is
// not read).
std::optional<LateNote> late_note(const FeedbackOptions& options,
                                  const records::GradeRecord& record, int64_t raw_milli,
                                  int64_t max_milli) {
  const std::string& submitted = record.late.submitted_at;
  if (submitted.empty()) return std::nullopt;
  LateNote late;
  late.submitted_at = submitted;
  if (!options.due) return late;
  const auto due = records::parse_timestamp(*options.due);
  const auto at = records::parse_timestamp(submitted);
  if (!due || !at) return late;
  late.due = records::format_rfc3339_utc(*due);
  late.seconds_late = std::max<int64_t>(0, (*at - *due).count());
  const auto policy = exporting::late_policy_for(options.late_policy, record.late.penalty_method);
  late.penalty_milli = policy.penalty_milli(raw_milli, max_milli, late.seconds_late);
  late.policy = policy.text();
  return late;
}

// The student's verified grade record; null, with the problem reported, when there is none or
// one of their files failed verification.
const records::GradeRecord* verified_record(const fs::path& course, const std::string& student,
                                            const FeedbackOptions& options,
                                            const VerifiedRecords& verified, IndexRow& row,
                                            FeedbackOutcome& outcome) {
  if (auto f = verified.failures.find(student); f != verified.failures.end()) {
    for (const auto& reason : f->second)
      row.problems.push_back("a signed record failed verification (" + reason + "): no page");
    outcome.problems.push_back(
        {Severity::error, course / "records" / options.assignment, std::nullopt, "",
         "records of student " + student + " failed verification; no feedback written for them",
         "run `gradebox verify`, then `gradebox autograde` again"});
    return nullptr;
  }
  const auto it = verified.records.find(student);
  if (it != verified.records.end()) return &it->second;
  row.problems.push_back("no verified grade record: no page");
  outcome.problems.push_back({Severity::error, course / "autograded" / student / options.assignment,
                              std::nullopt, "", "no verified grade record for student " + student,
                              "run `gradebox autograde " + options.assignment + "` first"});
  return nullptr;
}

// One student's pages; returns the index row. Grades and totals come from the verified record
// only: a student without one gets no page.
IndexRow feedback_for_student(const fs::path& course, const std::string& student,
                              const FeedbackOptions& options, const VerifiedRecords& verified,
                              FeedbackOutcome& outcome) {
  IndexRow row;
  row.student = student;
  const fs::path dir = course / "autograded" / student / options.assignment;
  const records::GradeRecord* verified_one =
      verified_record(course, student, options, verified, row, outcome);
  if (!verified_one) return row;
  const records::GradeRecord& record = *verified_one;
  const auto manual_it = verified.manual.find(student);
  const auto* manual = manual_it == verified.manual.end() ? nullptr : &manual_it->second;

  std::vector<StudentNotebook> loaded;
  for (const auto& name : master_notebooks(course, options.assignment)) {
    try {
      loaded.push_back(load_student_notebook(course, student, options.assignment, name,
                                             options.regions, record, manual));
    } catch (const notebook::NotebookError& e) {
      outcome.problems.push_back({Severity::error, e.file(), std::nullopt, "",
                                  (e.location().empty() ? "" : e.location() + ": ") + e.message(),
                                  e.hint()});
      row.problems.push_back(name.generic_string() + ": not rendered (" + e.message() + ")");
    }
  }
  if (loaded.empty() && row.problems.empty())
    outcome.problems.push_back({Severity::error, dir, std::nullopt, "",
                                "no autograded notebooks for student " + student,
                                "run `gradebox autograde` first, or check the student id"});

  const auto totals = record_totals(record, manual);
  row.points_milli = totals.points_milli;
  row.max_milli = totals.max_milli;
  row.manual_pending = static_cast<std::size_t>(totals.manual_pending);
  for (const auto& nb : loaded) row.tampering += nb.grades.tampering.size();
  PageContext context;
  context.course = record.course;
  context.assignment = options.assignment;
  context.student = student;
  context.show_hidden = options.show_hidden;
  context.regions = options.regions;
  context.assignment_points_milli = row.points_milli;
  context.assignment_max_milli = row.max_milli;
  context.late = late_note(options, record, row.points_milli, row.max_milli);
  if (context.late) row.penalty_milli = context.late->penalty_milli;

  for (const auto& nb : loaded) {
    context.notebook = nb.name;
    context.hidden_tests = nb.hidden_tests;
    context.image_folder =
        course / "release" / options.assignment / fs::path(nb.name).parent_path();
    const fs::path page = feedback_page_path(course, student, options.assignment, nb.name);
    records::write_file_atomically(page, render_feedback_page(nb.notebook, nb.grades, context));
    outcome.pages.push_back(page);
    std::vector<std::string> segments = {student, options.assignment};
    for (const auto& part : fs::path(nb.name).replace_extension(".html"))
      segments.push_back(part.string());
    row.notebooks.push_back(
        {nb.name, relative_href(segments), nb.grades.points_milli(), nb.grades.max_milli()});
  }
  return row;
}

}  // namespace

std::vector<fs::path> master_notebooks(const fs::path& course, const std::string& assignment) {
  std::vector<fs::path> notebooks;
  const fs::path master = pipeline::master_copy_dir(course, assignment);
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(master, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && !it->is_symlink() && it->path().extension() == ".ipynb")
      notebooks.push_back(fs::relative(it->path(), master));
  std::sort(notebooks.begin(), notebooks.end());
  return notebooks;
}

// A link or FIFO a session left behind is refused, not rendered.
StudentNotebook load_student_notebook(const fs::path& course, const std::string& student,
                                      const std::string& assignment, const fs::path& name,
                                      const HiddenRegionMarkers& regions,
                                      const records::GradeRecord& record,
                                      const std::vector<records::ManualGrade>* manual) {
  const fs::path relative = fs::path("autograded") / student / assignment / name;
  const notebook::LoadLimits limits;
  std::string text;
  try {
    text = sandbox::read_file_beneath(course, relative, limits.max_bytes);
  } catch (const sandbox::UnreadableFile& e) {
    throw notebook::NotebookError(course / relative, "", e.what(),
                                  "run `gradebox autograde` again for this student");
  }
  StudentNotebook nb{
      name.generic_string(), notebook::Notebook::from_text(text, course / relative), {}, {}};
  nb.grades = grades_from_record(record, nb.name, grades_from_autograded_metadata(nb.notebook));
  if (manual) apply_manual_grades(nb.grades, *manual, nb.name);
  const fs::path master = pipeline::master_copy_dir(course, assignment) / name;
  nb.hidden_tests = hidden_test_cells(notebook::Notebook::load(master), regions);
  return nb;
}

fs::path feedback_page_path(const fs::path& course_root, const std::string& student,
                            const std::string& assignment, const std::string& notebook_file) {
  return course_root / "feedback" / student / assignment /
         fs::path(notebook_file).replace_extension(".html");
}

FeedbackOutcome generate_feedback(const fs::path& course_root, const FeedbackOptions& options) {
  records::require_path_component(options.assignment, "assignment");
  for (const auto& s : options.students)
    if (const auto problem = course::student_id_problem(s))
      throw std::invalid_argument(*problem + "; " + course::kStudentIdFix);
  if (options.due && !records::parse_timestamp(*options.due))
    throw std::invalid_argument("--due \"" + *options.due +
                                "\" is not a date (e.g. \"2026-11-20 23:59 UTC\")");

  FeedbackOutcome outcome;
  const auto students = options.students.empty()
                            ? list_students(course_root, options.assignment, outcome.problems)
                            : options.students;
  if (students.empty()) {
    outcome.problems.push_back({Severity::error, course_root / "autograded", std::nullopt, "",
                                "no autograded submissions of " + options.assignment,
                                "run `gradebox autograde " + options.assignment + "` first"});
    return outcome;
  }
  if (!fs::is_directory(pipeline::master_copy_dir(course_root, options.assignment))) {
    outcome.problems.push_back(
        {Severity::error, pipeline::master_copy_dir(course_root, options.assignment), std::nullopt,
         "", "no master copy: it names the notebooks feedback is written for",
         "release the assignment with `gradebox release` in this course"});
    return outcome;
  }
  const VerifiedRecords verified = load_records(course_root, options, outcome.problems);

  std::vector<IndexRow> rows;
  for (const auto& student : students) {
    rows.push_back(feedback_for_student(course_root, student, options, verified, outcome));
    ++outcome.students;
  }
  const fs::path index = course_root / "feedback" / ("index." + options.assignment + ".html");
  records::write_file_atomically(index,
                                 render_index_page(options.assignment, rows, options.show_hidden));
  outcome.index = index;
  return outcome;
}

}  // namespace gradebox::feedback
