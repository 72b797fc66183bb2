// Writes the signed files of one run (an autograde run, a manual grading session) under a records
// root (record_layout.hpp), each atomically and durably, and at the end the signed run manifest
// listing them and chaining to the manifests already present. Safe to call from several grading
// threads at once.
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "grader/records/ed25519_key.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/run_manifest.hpp"

namespace gradebox::records {

class RecordRunWriter {
 public:
  RecordRunWriter(std::filesystem::path records_root, Ed25519PrivateKey key, std::string course,
                  std::string assignment);

  // Each returns the path written; the record's assignment must be the run's.
  std::filesystem::path write(const GradeRecord& record);
  std::filesystem::path write(const ManualGrade& grade);

  // Lists a record already on disk (`signed_file_bytes`, of this run's assignment) that no
  // manifest lists: an earlier run wrote it and was killed before its manifest.
  void relist(const GradeRecord& record, const std::string& signed_file_bytes);

  // Signs and writes the manifest of everything written or relisted so far; call once, at the
  // end. `counts`: an autograde run's outcome per student.
  std::filesystem::path finish(UtcSeconds created_at,
                               const std::optional<RunCounts>& counts = std::nullopt);

  const std::string& run_id() const { return run_id_; }

 private:
  std::filesystem::path root_;
  Ed25519PrivateKey key_;
  std::string course_;
  std::string assignment_;
  std::string run_id_;
  std::mutex mutex_;
  std::vector<ManifestEntry> entries_;
};

}  // namespace gradebox::records
