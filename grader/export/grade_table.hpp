// The grade table every format writes from: verified records merged with manual grades (a manual
// grade replaces the auto score of its cell), joined with the roster, late penalties applied.
// One AssignmentGrades per assignment; rows in roster order, then students with records but not
// in the roster (sorted). Roster students without a record are rows with submitted = false
// (score 0). Students named in `withheld_students` (their records failed verification) get no row
// at all, so a partial export never turns a rejected record into a zero.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "grader/export/late_policy.hpp"
#include "grader/export/roster.hpp"
#include "grader/records/record_set_verification.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::exporting {

struct CellColumn {
  std::string notebook;
  std::string grade_id;
  std::string label;  // grade_id, or notebook:grade_id when a grade_id repeats across notebooks
  int64_t max_milli = 0;
};

struct CellGrade {
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  std::string verdict;  // from the record, "missing" when the record lacks the cell
  bool manual_pending = false;
  bool manually_graded = false;
  std::string comment;  // the manual grader's comment
};

struct StudentGrade {
  RosterEntry identity;  // roster row, or just student_id when not in the roster
  bool in_roster = false;
  bool submitted = false;
  std::string status;  // record status: "graded" or "error"; "" when not submitted
  std::string error;
  std::string graded_at;
  std::string submitted_at;
  int64_t seconds_late = 0;
  int64_t raw_milli = 0;
  int64_t penalty_milli = 0;
  int64_t score_milli = 0;
  bool manual_pending = false;
  std::vector<CellGrade> cells;  // aligned with AssignmentGrades::columns
  std::string record_file;
};

struct AssignmentGrades {
  std::string name;
  int64_t max_milli = 0;
  std::vector<CellColumn> columns;
  std::vector<StudentGrade> students;
  std::vector<std::string> not_in_roster;   // records for students the roster lacks
  std::vector<std::string> without_record;  // roster students with no verified record
  std::vector<std::string> notes;           // e.g. manual grade for an unknown cell
};

struct GradeTableOptions {
  std::optional<records::UtcSeconds> due;
  std::optional<LatePolicy> late_policy;  // none given: each record's penalty_method
  std::set<std::string> withheld_students;
};

struct GradeTable {
  std::vector<AssignmentGrades> assignments;  // sorted by name
};

GradeTable build_grade_table(const records::RecordSet& set, const Roster* roster,
                             const GradeTableOptions& options);

}  // namespace gradebox::exporting
