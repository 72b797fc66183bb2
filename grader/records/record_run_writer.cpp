// Owns writing one run's signed files and its manifest.
#include "grader/records/record_run_writer.hpp"

#include <stdexcept>

#include "gradebox/version.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/record_layout.hpp"
#include "grader/records/record_signing.hpp"

namespace gradebox::records {

RecordRunWriter::RecordRunWriter(std::filesystem::path records_root, Ed25519PrivateKey key,
                                 std::string course, std::string assignment)
    : root_(std::move(records_root)),
      key_(std::move(key)),
      course_(std::move(course)),
      assignment_(std::move(assignment)),
      run_id_(new_record_id()) {
  require_path_component(assignment_, "assignment");
}

std::filesystem::path RecordRunWriter::write(const GradeRecord& record) {
  if (record.assignment != assignment_) {
    throw std::invalid_argument("record for assignment " + record.assignment +
                                " written into the run of " + assignment_);
  }
  const std::string bytes = sign_grade_record(record, key_);
  const auto path = grade_record_path(root_, record.assignment, record.student);
  write_file_atomically(path, bytes);
  const std::lock_guard lock(mutex_);
  entries_.push_back(manifest_entry_for(record, bytes));
  return path;
}

std::filesystem::path RecordRunWriter::write(const ManualGrade& grade) {
  if (grade.assignment != assignment_) {
    throw std::invalid_argument("manual grade for assignment " + grade.assignment +
                                " written into the run of " + assignment_);
  }
  const std::string bytes = sign_manual_grade(grade, key_);
  const auto path =
      manual_grade_path(root_, grade.assignment, grade.student, grade.grade_id, grade.record_id);
  write_file_atomically(path, bytes);
  const std::lock_guard lock(mutex_);
  entries_.push_back(manifest_entry_for(grade, bytes));
  return path;
}

void RecordRunWriter::relist(const GradeRecord& record, const std::string& signed_file_bytes) {
  if (record.assignment != assignment_) {
    throw std::invalid_argument("record for assignment " + record.assignment +
                                " listed in the run of " + assignment_);
  }
  const std::lock_guard lock(mutex_);
  entries_.push_back(manifest_entry_for(record, signed_file_bytes));
}

std::filesystem::path RecordRunWriter::finish(UtcSeconds created_at,
                                              const std::optional<RunCounts>& counts) {
  const std::lock_guard lock(mutex_);
  const std::string stamp = format_rfc3339_utc(created_at);
  const RunManifest manifest{run_id_,     course_,
                             assignment_, gradebox::kVersion,
                             stamp,       existing_manifest_digests(root_, assignment_),
                             entries_,    counts};
  const auto path = manifest_path(root_, assignment_, stamp, run_id_);
  write_file_atomically(path, sign_run_manifest(manifest, key_));
  return path;
}

}  // namespace gradebox::records
