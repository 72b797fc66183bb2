// nbgrader's gradebook.db (SQLite, nbgrader 0.9's schema), read-only: the students, and the
// manual scores and comments graders entered in formgrader. The file is opened with
// SQLITE_OPEN_READONLY and `immutable=1`, so nbgrader's database is never written, locked or
// given journal files.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::nbgrader_import {

struct GradebookStudent {
  std::string id;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::string lms_user_id;
};

// One cell of one submission with a grader's input: a manual score, a comment, or both.
struct GradebookManualEntry {
  std::string student;
  std::string assignment;
  std::string notebook;  // file name, "problem.ipynb" (nbgrader stores "problem")
  std::string grade_id;
  std::optional<double> manual_score;
  std::string comment;  // manual_comment, "" when none
};

struct Gradebook {
  std::vector<GradebookStudent> students;            // by id
  std::vector<GradebookManualEntry> manual_entries;  // by student, assignment, notebook, grade_id
};

// Throws std::runtime_error naming the file (not SQLite, not nbgrader's schema: the SQLite error).
Gradebook read_gradebook(const std::filesystem::path& db_file);

}  // namespace gradebox::nbgrader_import
