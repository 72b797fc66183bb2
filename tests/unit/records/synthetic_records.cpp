// Owns synthetic record generation for tests and the export benchmark.
#include "synthetic_records.hpp"

#include <fstream>
#include <random>
#include <stdexcept>

#include "grader/records/record_layout.hpp"
#include "grader/records/record_signing.hpp"

namespace gradebox::testing {
namespace {

// Test data needs no fsync (write_file_atomically's durability would make 100,000 records slow).
void write_plain(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("gradebox-test-" + std::to_string(random()) + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

records::GradeRecord synthetic_record(const std::string& student, const std::string& assignment,
                                      int64_t partial_milli, const std::string& graded_at,
                                      bool manual_pending) {
  records::GradeRecord r;
  r.record_id = records::new_record_id();
  r.course = "demo-course";
  r.assignment = assignment;
  r.student = student;
  r.submission_sha256 = std::string(64, 'a');
  r.release_sha256 = std::string(64, 'b');
  r.master_sha256 = std::string(64, 'c');
  r.cells = {
      {"nb.ipynb", "test_a", 1000, 1000, "ok", 12, 15, 30 << 20, false, false, std::nullopt},
      {"nb.ipynb", "test_b", partial_milli, 2000, partial_milli == 0 ? "error" : "ok", 20, 25,
       31 << 20, false, false, std::nullopt},
      {"nb.ipynb", "manual_answer", 0, 3000, "ok", 0, 0, 0, true, manual_pending, std::nullopt},
  };
  r.isolation = {"cgroup2",
                 {{"memory_bytes", int64_t(1) << 30}, {"pids", 256}, {"cell_timeout_ms", 30000}}};
  r.gradebox_version = "0.1.0";
  r.graded_at = graded_at;
  r.late = {"2026-11-20T12:00:00Z", "2026-11-20 12:00:00.000000 UTC"};
  return r;
}

records::ManualGrade synthetic_manual_grade(const std::string& student,
                                            const std::string& assignment, int64_t points_milli,
                                            const std::string& graded_at) {
  return {records::new_record_id(),
          "demo-course",
          assignment,
          student,
          "nb.ipynb",
          "manual_answer",
          points_milli,
          "Well argued.",
          "instructor",
          "0.1.0",
          graded_at};
}

SyntheticRecordWriter::SyntheticRecordWriter(std::filesystem::path records_root,
                                             records::Ed25519PrivateKey key)
    : root_(std::move(records_root)), key_(std::move(key)) {}

std::filesystem::path SyntheticRecordWriter::write(const records::GradeRecord& record) {
  const std::string bytes = records::sign_grade_record(record, key_);
  const auto path = records::grade_record_path(root_, record.assignment, record.student);
  write_plain(path, bytes);
  pending_.push_back(records::manifest_entry_for(record, bytes));
  return path;
}

std::filesystem::path SyntheticRecordWriter::write(const records::ManualGrade& grade) {
  const std::string bytes = records::sign_manual_grade(grade, key_);
  const auto path = records::manual_grade_path(root_, grade.assignment, grade.student,
                                               grade.grade_id, grade.record_id);
  write_plain(path, bytes);
  pending_.push_back(records::manifest_entry_for(grade, bytes));
  return path;
}

std::filesystem::path SyntheticRecordWriter::finish_run(const std::string& assignment,
                                                        const std::string& created_at) {
  records::RunManifest manifest{"run" + std::to_string(++runs_),
                                "demo-course",
                                assignment,
                                "0.1.0",
                                created_at,
                                records::existing_manifest_digests(root_, assignment),
                                std::move(pending_),
                                std::nullopt};
  pending_.clear();
  const auto path = records::manifest_path(root_, assignment, created_at, manifest.run_id);
  write_plain(path, records::sign_run_manifest(manifest, key_));
  return path;
}

}  // namespace gradebox::testing
