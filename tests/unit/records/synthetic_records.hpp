// Test and benchmark support: synthetic grade records written and signed the way autograde will
// write them (records/<assignment>/<student>.json plus a signed run manifest per run).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/records/ed25519_key.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/run_manifest.hpp"

namespace gradebox::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Cells: nb.ipynb test_a (1 pt), test_b (2 pt, `partial_milli` of them), manual_answer (3 pt,
// manual, 0 points, needs_manual_grade when `manual_pending`).
records::GradeRecord synthetic_record(const std::string& student,
                                      const std::string& assignment = "ps1",
                                      int64_t partial_milli = 1500,
                                      const std::string& graded_at = "2026-11-21T10:00:00Z",
                                      bool manual_pending = false);

records::ManualGrade synthetic_manual_grade(const std::string& student,
                                            const std::string& assignment, int64_t points_milli,
                                            const std::string& graded_at);

// Writes signed files under a records root and a run manifest for each run.
class SyntheticRecordWriter {
 public:
  SyntheticRecordWriter(std::filesystem::path records_root, records::Ed25519PrivateKey key);

  std::filesystem::path write(const records::GradeRecord& record);
  std::filesystem::path write(const records::ManualGrade& grade);
  // Signs a manifest listing everything written since the last call; chains to earlier ones.
  std::filesystem::path finish_run(const std::string& assignment, const std::string& created_at);

 private:
  std::filesystem::path root_;
  records::Ed25519PrivateKey key_;
  std::vector<records::ManifestEntry> pending_;
  int runs_ = 0;
};

}  // namespace gradebox::testing
