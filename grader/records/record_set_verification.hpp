// Verifies a whole set of signed files (directories are walked for *.json) the way export and
// `gradebox verify` need it: every file's signature and key use (envelope_verification.hpp), then
// manifest completeness per assignment (run_manifest.hpp), then duplicates (two valid grade records
// for one student and assignment: the newest graded_at wins and the others are reported). Problems
// come back as data, one VerificationFailure each, never printed from here.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::records {

struct VerificationFailure {
  std::string file;
  std::string student;  // as claimed by the file, "" when unknown
  std::string reason;
};

struct VerifiedGradeRecord {
  std::string file;
  GradeRecord record;
  std::string key_id;
  std::string sha256;
};

struct VerifiedManualGrade {
  std::string file;
  ManualGrade grade;
  std::string key_id;
  std::string sha256;
};

struct DuplicateRecords {
  std::string assignment;
  std::string student;
  std::string kept_file;
  std::vector<std::string> dropped_files;
  bool conflicting = false;  // the duplicates disagree on the submission or the score
};

struct RecordSetOptions {
  std::optional<std::string> assignment;  // only this assignment's files count
  bool check_manifests = true;
  unsigned jobs = 0;  // verification threads; 0 = hardware concurrency
};

struct RecordSet {
  std::vector<VerifiedGradeRecord> records;  // one per (assignment, student)
  std::vector<VerifiedManualGrade>
      manual_grades;  // newest per (assignment, student, notebook, grade_id)
  std::vector<VerificationFailure> failures;
  std::vector<DuplicateRecords> duplicates;
  size_t files_checked = 0;
  size_t manifests_checked = 0;
};

// Files to check: each input file as given, each input directory walked recursively for *.json
// (sorted, so reports are stable). Throws std::runtime_error when an input does not exist.
std::vector<std::filesystem::path> collect_signed_files(
    const std::vector<std::filesystem::path>& inputs);

RecordSet verify_record_set(const std::vector<std::filesystem::path>& inputs,
                            const TrustStore& trust, const RecordSetOptions& options);

}  // namespace gradebox::records
