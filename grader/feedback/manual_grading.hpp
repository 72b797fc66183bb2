// `gradebox grade-manual`: a grader's score (and comment) for one graded cell of one student,
// written as a signed manual-grade record (records/manual_grade.hpp) plus a signed run manifest
// listing it, so export can both merge it (a manual score overrides the auto score) and notice
// if it is later deleted. Files, under <course>/records/<assignment>/:
//   manual/<student>/<grade_id>.<record_id>.json    the manual grade (newest per cell wins)
//   manifests/<created_at>.<run_id>.json            a one-entry manifest chained to earlier ones
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "grader/records/manual_grade.hpp"

namespace gradebox::feedback {

struct ManualGradeRequest {
  std::filesystem::path course_root;
  std::string assignment;
  std::string student;
  std::string grade_id;
  std::string points;  // decimal text, at most three decimals: "2", "1.5"
  std::string comment;
  std::string grader;                      // "" -> $USER or the login name
  std::optional<std::string> notebook;     // needed only when the grade_id is in several notebooks
  std::optional<std::filesystem::path> key_dir;  // default <course>/.gradebox/keys
};

struct ManualGradeWritten {
  records::ManualGrade grade;
  int64_t max_milli = 0;
  std::filesystem::path record_file;
  std::filesystem::path manifest_file;
};

// Checks that the student was autograded, that grade_id names a graded cell (from the master
// copy, else the student's autograded notebooks) and that 0 <= points <= the cell's points, then
// signs with the course's active key. Throws std::runtime_error with the reason and a fix.
ManualGradeWritten write_manual_grade(const ManualGradeRequest& request);

}  // namespace gradebox::feedback
