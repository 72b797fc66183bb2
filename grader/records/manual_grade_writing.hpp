// Writing one manual grade: the shared path of `gradebox grade-manual` and the formgrader. The
// cell is found in the student's verified grade record, the points are checked against its
// maximum, and the grade is signed with the course's active key and written atomically with its
// own run manifest. Writers of one student's grades take a lock (flock, so two processes grading
// the same course serialise too), and a new grade's graded_at is always later than the cell's
// current newest grade, so the newest grade is the last one written ("last write wins").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "grader/records/manual_grade.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::records {

struct ManualGradeRequest {
  std::string assignment;
  std::string student;
  std::string grade_id;
  std::string notebook;  // "" when the grade_id names one cell
  int64_t points_milli = 0;
  std::string comment;
  std::string grader;
  // When set, the write is refused with ManualGradeConflict unless the cell's current newest
  // manual grade has this record_id ("" = the cell has none): a grader who saw a stale value.
  std::optional<std::string> expected_record_id;
};

struct WrittenManualGrade {
  ManualGrade grade;
  int64_t max_milli = 0;
  bool manual_cell = false;             // an answer or task cell (not a test cell's override)
  std::optional<ManualGrade> replaced;  // the grade this one supersedes
  std::filesystem::path path;
};

// Someone else graded the cell since the caller last looked.
class ManualGradeConflict : public std::runtime_error {
 public:
  ManualGradeConflict(std::string message, std::optional<ManualGrade> current)
      : std::runtime_error(std::move(message)), current_(std::move(current)) {}
  const std::optional<ManualGrade>& current() const { return current_; }

 private:
  std::optional<ManualGrade> current_;
};

// Points below 0 or above the cell's maximum.
class PointsOutOfRange : public std::out_of_range {
 public:
  PointsOutOfRange(const std::string& grade_id, int64_t max_milli)
      : std::out_of_range("points out of range for " + grade_id), max_milli_(max_milli) {}
  int64_t max_milli() const { return max_milli_; }

 private:
  int64_t max_milli_;
};

// Throws ManualGradeConflict (see expected_record_id), PointsOutOfRange, and std::runtime_error for
// everything else refused (no or invalid record, no such cell, no signing key), each with the
// reason.
WrittenManualGrade write_manual_grade(const std::filesystem::path& course_root,
                                      const std::filesystem::path& keys_dir,
                                      const ManualGradeRequest& request);

// The grader name used when none is given: the login name, else $USER, else "".
std::string login_name();

// The newest verified manual grade per cell of one student's submission (manifests not checked:
// for display and conflict detection; `gradebox verify` is the full check).
std::vector<ManualGrade> current_manual_grades(const std::filesystem::path& records_root,
                                               const TrustStore& trust,
                                               const std::string& assignment,
                                               const std::string& student);

}  // namespace gradebox::records
