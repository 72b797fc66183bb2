// Owns reading assignments and submissions from the signed records (see gradebook.hpp).
#include "grader/formgrader/gradebook.hpp"

#include <algorithm>
#include <stdexcept>

#include "grader/course/student_id.hpp"
#include "grader/course_config.hpp"
#include "grader/feedback/record_grades.hpp"
#include "grader/pipeline/regions.hpp"
#include "grader/records/manual_grade_writing.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::formgrader {
namespace {
namespace fs = std::filesystem;

records::TrustStore load_trust(const fs::path& keys) {
  return records::TrustStore::load(keys / records::kTrustStoreFileName);
}

SubmissionSummary summarise(const records::GradeRecord& record,
                            const std::vector<records::ManualGrade>& manual) {
  SubmissionSummary row;
  row.student = record.student;
  row.status = record.status;
  row.error = record.error;
  const auto totals = feedback::record_totals(record, &manual);
  row.points_milli = totals.points_milli;
  row.max_milli = totals.max_milli;
  row.manual_pending = totals.manual_pending;
  row.tampering = record.tampering.size();
  for (const auto& cell : record.cells)
    if (cell.verdict != "ok") ++row.verdicts[cell.verdict];
  return row;
}

feedback::HiddenRegionMarkers course_regions(const fs::path& root) {
  try {
    const auto loaded = load_course_config(root);
    return {pipeline::region_markers(loaded.config.hidden_tests, "hidden tests"),
            pipeline::region_markers(loaded.config.mark_scheme, "mark scheme")};
  } catch (const std::exception&) {
    return {};  // the defaults; `gradebox check` reports a broken configuration
  }
}

}  // namespace

std::string cell_key(const std::string& notebook, const std::string& grade_id) {
  return notebook + "\n" + grade_id;
}

std::vector<TestCellRate> AssignmentGradebook::test_cells() const {
  std::vector<TestCellRate> rates;
  std::map<std::string, std::size_t> index;
  for (const auto& r : set->records) {
    if (r.record.status != "graded") continue;
    for (const auto& cell : r.record.cells) {
      if (cell.manual) continue;
      const std::string label = cell.notebook + ":" + cell.grade_id;
      auto [it, added] = index.emplace(label, rates.size());
      if (added) rates.push_back({label, 0, 0});
      auto& rate = rates[it->second];
      ++rate.graded;
      if (cell.verdict == "ok" && cell.points_milli >= cell.max_milli) ++rate.passed;
    }
  }
  return rates;
}

AssignmentCounts AssignmentGradebook::counts() const {
  AssignmentCounts counts{submissions.size(), 0, 0, 0, problems.size()};
  for (const auto& row : submissions) {
    counts.errored += row.status != "graded";
    counts.manual_pending += row.manual_pending;
    counts.tampering += row.tampering;
    counts.problems += row.problems.size();
  }
  return counts;
}

CourseGradebook::CourseGradebook(fs::path course_root, fs::path keys_dir)
    : root_(std::move(course_root)), keys_(std::move(keys_dir)), regions_(course_regions(root_)) {}

std::vector<std::string> CourseGradebook::assignments() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_ / "records", ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && !entry.is_symlink() && !name.empty() && name[0] != '.')
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool CourseGradebook::has_assignment(const std::string& assignment) const {
  const auto names = assignments();
  return std::find(names.begin(), names.end(), assignment) != names.end();
}

std::vector<std::string> CourseGradebook::students(const std::string& assignment) const {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_ / "records" / assignment, ec)) {
    const std::string stem = entry.path().stem().string();
    if (entry.is_regular_file() && entry.path().extension() == ".json" &&
        !course::student_id_problem(stem))
      names.push_back(stem);
  }
  std::sort(names.begin(), names.end());
  return names;
}

AssignmentGradebook CourseGradebook::load_assignment(const std::string& assignment) const {
  records::require_path_component(assignment, "assignment");
  AssignmentGradebook book{assignment, {}, {}, {}};
  records::RecordSetOptions options;
  options.assignment = assignment;
  options.jobs = 2;
  const fs::path folder = root_ / "records" / assignment;
  const fs::path trust_file = keys_ / records::kTrustStoreFileName;
  book.set = verified_.get(assignment, files_stamp(folder, trust_file), [&] {
    return records::verify_record_set({folder}, load_trust(keys_), options);
  });
  std::map<std::string, std::vector<records::ManualGrade>> manual;
  for (const auto& m : book.set->manual_grades) manual[m.grade.student].push_back(m.grade);
  std::map<std::string, std::size_t> rows;
  for (const auto& r : book.set->records) {
    rows[r.record.student] = book.submissions.size();
    book.submissions.push_back(summarise(r.record, manual[r.record.student]));
  }
  for (const auto& f : book.set->failures) {
    const auto row = rows.find(f.student);
    const std::string text = fs::path(f.file).filename().string() + ": " + f.reason;
    if (row == rows.end()) {
      book.problems.push_back(f.student.empty() ? text : f.student + ": " + text);
      continue;
    }
    book.submissions[row->second].status = "unverified";
    book.submissions[row->second].problems.push_back(text);
  }
  std::sort(book.submissions.begin(), book.submissions.end(),
            [](const auto& a, const auto& b) { return a.student < b.student; });
  return book;
}

SubmissionView CourseGradebook::load_submission(const std::string& assignment,
                                                const std::string& student) const {
  const auto trust = load_trust(keys_);
  const fs::path records_root = root_ / "records";
  records::RecordSetOptions options;
  options.assignment = assignment;
  options.check_manifests = false;  // the assignment page shows the full verification
  options.jobs = 1;
  auto set = records::verify_record_set(
      {records::grade_record_path(records_root, assignment, student)}, trust, options);
  if (set.records.empty() || set.records.front().record.student != student)
    throw std::runtime_error("no verified grade record for " + student + " in " + assignment +
                             (set.failures.empty() ? "" : ": " + set.failures.front().reason));
  SubmissionView view;
  view.record = std::move(set.records.front().record);
  view.manual = records::current_manual_grades(records_root, trust, assignment, student);
  for (const auto& m : view.manual)
    view.manual_state[cell_key(m.notebook, m.grade_id)] = {m.record_id, m.grader, m.graded_at};
  view.totals = feedback::record_totals(view.record, &view.manual);
  for (const auto& name : feedback::master_notebooks(root_, assignment)) {
    try {
      view.notebooks.push_back(feedback::load_student_notebook(
          root_, student, assignment, name, regions_, view.record, &view.manual));
    } catch (const std::exception& e) {
      view.problems.push_back(name.generic_string() + ": " + e.what());
    }
  }
  return view;
}

}  // namespace gradebox::formgrader
