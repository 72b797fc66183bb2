// Grading status of one assignment.
#include "grader/autograde/grading_status.hpp"

#include <map>
#include <optional>
#include <set>

#include "grader/autograde/assignment_master.hpp"
#include "grader/autograde/autograde_run.hpp"
#include "grader/autograde/grade_submission.hpp"
#include "grader/course/student_folders.hpp"
#include "grader/course/student_id.hpp"
#include "grader/export/grade_table.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

namespace {

// Student ids that have a grade record file (records/<a>/<student>.json).
std::set<std::string> record_file_students(const fs::path& records_dir) {
  std::set<std::string> students;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(records_dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      students.insert(entry.path().stem().string());
  return students;
}

// The state of a verified record against the submission folder and the master copy now.
void judge_record(const records::GradeRecord& record, const CourseConfig& config,
                  const std::string& student, const std::string& assignment,
                  const std::string& master_sha256, StudentStatus& s) {
  const fs::path submission = config.root / "submitted" / student / assignment;
  s.state = record.status == "graded" ? "graded" : "error";
  s.detail = record.error;
  if (!fs::is_directory(submission)) {
    s.state = "no_submission";
  } else if (record.submission_sha256 != submission_digest(config, student, assignment) ||
             (!master_sha256.empty() && record.master_sha256 != master_sha256)) {
    s.state = "stale";
    s.detail = "submission or master copy changed since grading; run autograde again";
  }
}

}  // namespace

GradingStatus grading_status(const CourseConfig& config, const std::string& assignment) {
  records::require_path_component(assignment, "assignment");
  GradingStatus status;
  const fs::path records_dir = config.root / "records" / assignment;
  const fs::path trust_path = config.root / ".gradebox" / "keys" / records::kTrustStoreFileName;
  std::string master_sha256;
  try {
    master_sha256 = load_assignment_master(config, assignment).master_sha256;
  } catch (const std::exception&) {
  }

  const auto found = course::discover_student_folders(config.root / "submitted", assignment);
  status.submitted = found.students.size();
  for (const auto& refused : found.refused)
    status.students.push_back({refused.folder.filename().string(), "invalid_id", 0, 0, 0,
                               refused.problem + "; " + course::kStudentIdFix});
  status.invalid_ids = found.refused.size();

  // Verified exactly as gradebox-export verifies, and the points from its grade table, so
  // manual grades count here as they do in the export.
  records::RecordSet set;
  std::map<std::string, std::string> invalid;  // student -> why
  const auto on_record = record_file_students(records_dir);
  if (!fs::exists(trust_path)) {
    for (const auto& student : on_record)
      invalid[student] = "no trust store at " + trust_path.string();
  } else if (fs::is_directory(records_dir)) {
    set = records::verify_record_set({records_dir}, records::TrustStore::load(trust_path),
                                     {assignment, true, 0});
    for (const auto& f : set.failures) {
      const std::string student = f.student.empty() ? fs::path(f.file).stem().string() : f.student;
      invalid[student] += (invalid[student].empty() ? "" : "; ") + f.reason;
    }
  }
  const auto table = exporting::build_grade_table(set, nullptr, {});
  std::map<std::string, const exporting::StudentGrade*> rows;
  int64_t max_milli = 0;
  for (const auto& a : table.assignments) {
    max_milli = a.max_milli;
    for (const auto& row : a.students) rows[row.identity.student_id] = &row;
  }
  std::map<std::string, const records::GradeRecord*> verified;
  for (const auto& r : set.records) verified[r.record.student] = &r.record;

  std::set<std::string> students(found.students.begin(), found.students.end());
  students.insert(on_record.begin(), on_record.end());
  for (const auto& [student, record] : verified) students.insert(student);
  for (const auto& student : students) {
    StudentStatus s{student, "not_graded", 0, 0, 0, ""};
    if (const auto why = invalid.find(student); why != invalid.end()) {
      s.state = "invalid";
      s.detail = why->second;
    } else if (const auto record = verified.find(student); record != verified.end()) {
      judge_record(*record->second, config, student, assignment, master_sha256, s);
      const exporting::StudentGrade& row = *rows.at(student);
      s.points_milli = row.raw_milli;
      s.max_milli = max_milli;
      for (const auto& cell : row.cells) s.manual_pending += cell.manual_pending;
    }
    status.graded += s.state == "graded";
    status.errored += s.state == "error";
    status.not_graded += s.state == "not_graded";
    status.stale += s.state == "stale";
    status.invalid += s.state == "invalid";
    status.pending_manual += (s.state == "graded" || s.state == "stale") && s.manual_pending > 0;
    status.students.push_back(std::move(s));
  }
  return status;
}

}  // namespace gradebox::autograde
