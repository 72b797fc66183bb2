// `gradebox import-nbgrader`: moves an nbgrader course's state into gradebox's files, never
// touching nbgrader's own (gradebook.db is opened read-only and immutable, nbgrader_config.py is
// only evaluated in the sandbox):
//   <course>/roster.csv      the gradebook's students (student_id, first_name, last_name, email,
//                            lms_id), the roster format of grader/export/roster.hpp; written when
//                            absent or identical, else reported and left alone
//   records/<a>/manual/...   each manual score (with its comment) as a signed manual-grade record,
//                            as `gradebox grade-manual` writes it (the student's grade record from
//                            `gradebox autograde` must exist); a score already imported (the
//                            newest manual grade of the cell has the same points and comment) is
//                            not written again
//   <course>/gradebox.toml   the gradebox.toml keys nbgrader_config.py implies (header, footer,
//                            stubs, cell timeout); written only when the course has none
// Running it again changes nothing (idempotent). Everything it could not import is reported with
// the reason.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/course_config.hpp"

namespace gradebox::nbgrader_import {

struct ImportOptions {
  std::filesystem::path gradebook;  // default <course>/gradebook.db
  std::filesystem::path keys;       // default <course>/.gradebox/keys
  std::string grader;               // recorded as the manual grades' grader
};

struct ImportReport {
  std::vector<std::string> imported;      // one line per thing written or found already there
  std::vector<std::string> not_imported;  // one line per thing left out, with the reason
};

// Throws std::runtime_error when nothing can be imported (unreadable gradebook, no signing key).
ImportReport import_nbgrader(const CourseConfig& config, const ImportOptions& options);

// The gradebox.toml text for the settings of `config` that gradebox.toml keys express.
std::string gradebox_toml_for(const CourseConfig& config);

}  // namespace gradebox::nbgrader_import
