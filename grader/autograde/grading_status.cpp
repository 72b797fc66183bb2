// Grading status of one assignment.
#include "grader/autograde/grading_status.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "grader/autograde/assignment_master.hpp"
#include "grader/autograde/autograde_run.hpp"
#include "grader/records/envelope_verification.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/signing_key_directory.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

GradingStatus grading_status(const CourseConfig& config, const std::string& assignment) {
  records::require_path_component(assignment, "assignment");
  GradingStatus status;
  const fs::path records_dir = config.root / "records" / assignment;
  const fs::path trust_path = config.root / ".gradebox" / "keys" / records::kTrustStoreFileName;
  std::optional<records::TrustStore> trust;
  if (fs::exists(trust_path)) trust = records::TrustStore::load(trust_path);
  std::string master_sha256;
  try {
    master_sha256 = load_assignment_master(config, assignment).master_sha256;
  } catch (const std::exception&) {
  }

  std::set<std::string> students;
  for (const auto& s : submitted_students(config.root, assignment)) students.insert(s);
  status.submitted = students.size();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(records_dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      students.insert(entry.path().stem().string());

  for (const auto& student : students) {
    StudentStatus s{student, "not_graded", 0, 0, 0, ""};
    const fs::path submission = config.root / "submitted" / student / assignment;
    const fs::path record_path = records_dir / (student + ".json");
    if (fs::exists(record_path)) {
      try {
        const std::string bytes = records::read_file(record_path);
        nlohmann::json body;
        if (trust) {
          body = records::verify_signed_file(bytes, *trust).body;
        } else {
          throw std::runtime_error("no trust store at " + trust_path.string());
        }
        const auto record = records::grade_record_from_json(body);
        const auto totals = record.totals();
        s.points_milli = totals.points_milli;
        s.max_milli = totals.max_milli;
        s.manual_pending = totals.manual_pending;
        s.state = record.status == "graded" ? "graded" : "error";
        s.detail = record.error;
        if (!fs::is_directory(submission)) {
          s.state = "no_submission";
        } else if (record.submission_sha256 != submission_digest(config, student, assignment) ||
                   (!master_sha256.empty() && record.master_sha256 != master_sha256)) {
          s.state = "stale";
          s.detail = "submission or master copy changed since grading; run autograde again";
        }
      } catch (const std::exception& e) {
        s.state = "invalid";
        s.detail = e.what();
      }
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
