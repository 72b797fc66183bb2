// What a feedback page shows besides the notebook itself: per graded cell its verdict and points,
// tampering findings, lateness, and which test cells hide tests. The page renderer reads only this
// struct (and the notebook's cells); adapters fill it from the autograded notebook's metadata
// (autograded_metadata.hpp), the signed grade record and manual grades (record_grades.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/feedback/hidden_tests.hpp"

namespace gradebox::feedback {

struct CellGrade {
  std::string grade_id;
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  std::string verdict;  // ok|error|timeout|...|not_run, "" when unknown (e.g. markdown answers)
  std::string reason;   // why, when the verdict is not ok ("wall time limit of 30 s exceeded")
  bool manual = false;  // a manually graded answer
  bool needs_manual_grade = false;  // changed from the release and not yet graded by hand
  bool manually_graded = false;     // a grader's manual grade set points_milli
  bool no_response = false;         // a manual answer left as released: 0 points, as in nbgrader
  std::string comment;              // the grader's comment for the student
};

struct TamperingNote {
  std::string grade_id;
  int64_t cell_index = -1;
  std::string kind;
  std::string detail;
};

struct LateNote {
  std::string submitted_at;   // RFC 3339 UTC
  std::string due;            // RFC 3339 UTC, "" when no due date was given
  int64_t seconds_late = 0;   // 0 when on time or unknown
  int64_t penalty_milli = 0;  // on the assignment total
  std::string policy;         // "none", "zero", "per-day:10%"
};

struct NotebookGrades {
  std::map<std::string, CellGrade> cells;  // by grade_id
  std::vector<TamperingNote> tampering;    // this notebook's findings
  std::vector<TamperingNote> notes;        // the record's notes (no tampering), same shape
  std::string source;                      // where the grades came from, said on the page

  int64_t points_milli() const;
  int64_t max_milli() const;
};

// The page's frame: who, what, and the assignment-wide figures the notebook belongs to.
struct PageContext {
  std::string course;
  std::string assignment;
  std::string student;
  std::string notebook;  // file name, e.g. "problem1.ipynb"
  // Test cells whose master source had hidden tests: grade_id -> the source students may see.
  std::map<std::string, std::string> hidden_tests;
  HiddenRegionMarkers regions;  // the course's delimiters, to cut hidden lines
  bool show_hidden = false;
  int64_t assignment_points_milli = 0;  // all notebooks, before the late penalty
  int64_t assignment_max_milli = 0;
  std::optional<LateNote> late;
  // The notebook's folder in release/: course images markdown cells refer to (`![](x.png)`).
  std::filesystem::path image_folder;
};

}  // namespace gradebox::feedback
