// `gradebox status <assignment>`: where grading stands, from the submission folders and the
// records alone. Records are verified against the course trust store as gradebox-export verifies
// them, and points come from export's grade table (exporting::build_grade_table), so a manual
// grade counts here exactly as in the export.
#pragma once

#include <string>
#include <vector>

#include "grader/course_config.hpp"

namespace gradebox::autograde {

struct StudentStatus {
  std::string student;
  // "not_graded" (no record), "graded", "error", "stale" (submission or master changed since the
  // record), "invalid" (the record does not verify), "no_submission" (a record but no folder),
  // "invalid_id" (a submitted/ folder whose name breaks the student id rule)
  std::string state;
  int64_t points_milli = 0, max_milli = 0, manual_pending = 0;
  std::string detail;
};

struct GradingStatus {
  std::vector<StudentStatus> students;
  std::size_t submitted = 0, graded = 0, errored = 0, pending_manual = 0, not_graded = 0, stale = 0,
              invalid = 0, invalid_ids = 0;
};

GradingStatus grading_status(const CourseConfig& config, const std::string& assignment);

}  // namespace gradebox::autograde
