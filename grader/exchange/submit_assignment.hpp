// `gradebox submit`: nbgrader's submit, in two steps so the CLI can run `validate` between them.
// prepare_submission reads the student's <assignment_dir>/[<course_id>/]<a>/ into memory
// (CourseDirectory.ignore / include / max_file_size as nbgrader's copy; links and special files
// left out with a warning) and refuses: a folder over CourseDirectory.max_dir_size, a .ipynb that
// is not a notebook or is over limits.max_notebook_bytes, no notebook at all. Notebooks missing
// from or extra to the release are a warning, as in nbgrader. submit_prepared then writes the
// files with timestamp.txt and submission_secret.txt to
// inbound/<student>+<a>+<timestamp>+<random>/ (built aside, renamed into place, nbgrader's
// modes) and the same to the student's nbgrader cache, and returns the receipt.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"
#include "grader/exchange/submission_receipt.hpp"

namespace gradebox::exchange {

struct PreparedSubmission {
  std::filesystem::path folder;              // the student's assignment folder
  std::map<std::string, std::string> files;  // relative path -> bytes
  std::vector<std::string> notebooks;        // relative paths of the .ipynb files
  ExchangeReport report;
};

PreparedSubmission prepare_submission(const CourseConfig& config, const ExchangeCourse& course,
                                      const std::string& assignment,
                                      const std::filesystem::path& assignment_dir);

struct SubmitOutcome {
  ExchangeReport report;
  std::optional<SubmissionReceipt> receipt;
};

SubmitOutcome submit_prepared(const ExchangeCourse& course, const std::string& student,
                              const std::string& assignment, PreparedSubmission prepared,
                              const std::filesystem::path& cache_dir);

}  // namespace gradebox::exchange
