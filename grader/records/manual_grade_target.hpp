// The cell a manual grade is for: found in the student's verified grade record. Shared by
// `gradebox grade-manual` and `gradebox import-nbgrader`, so both refuse the same things.
#pragma once

#include <filesystem>
#include <string>

#include "grader/records/grade_record.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::records {

struct ManualGradeTarget {
  GradeRecord record;
  CellResult cell;
};

// Verifies <records_root>/<assignment>/<student>.json against `trust` and finds the cell by
// grade_id (and notebook file name, when not empty). Throws std::runtime_error with the reason:
// no or invalid record, no such cell, a grade_id in several notebooks (hint: --notebook).
ManualGradeTarget find_manual_grade_target(const std::filesystem::path& records_root,
                                           const TrustStore& trust, const std::string& assignment,
                                           const std::string& student, const std::string& grade_id,
                                           const std::string& notebook = "");

}  // namespace gradebox::records
