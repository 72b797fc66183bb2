// Taking in a submission held in memory (from an LMS download, the exchange's inbound folder, ...)
// as `<course>/submitted/<student>/<assignment>/` plus nbgrader's `timestamp.txt`, under the
// trust rules of the grading paths:
//   - the student id follows the student id rule (student_id.hpp); the assignment name and every
//     component of a file's relative path is one safe path component (submission_name_problem);
//   - only regular files are taken (the caller reads bytes, never links), each at most
//     max_file_bytes, together at most max_total_bytes, at most max_files of them;
//   - the folder is built aside and renamed into place (StagingDir) through directory fds, so a
//     link already planted under submitted/ is never followed (it is an error, nothing written);
//   - a previous submission is never dropped: it is moved, whole, to
//     `submitted/<student>/.replaced/<assignment>/<its timestamp>/` and the result says so.
// A refused file is reported and the rest is still written; a refused student, assignment or
// timestamp writes nothing. Problems are returned as data, never printed from here.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "grader/course_config.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::course {

// The caps a submission is taken in under; intake_limits() takes the course's, the same ones
// autograde reads a submission with (GradingBudgets), so whatever is taken in is also graded.
struct IntakeLimits {
  std::uint64_t max_file_bytes = GradingBudgets{}.max_file_bytes;
  std::uint64_t max_total_bytes = GradingBudgets{}.max_submission_bytes;
  std::size_t max_files = 10'000;
};
IntakeLimits intake_limits(const CourseConfig& config);

struct Submission {
  std::string student;
  std::string assignment;
  // Relative path ("ps1.ipynb", "data/input.csv") -> bytes. "timestamp.txt" at the top is
  // reserved: the intake writes it from `timestamp`.
  std::map<std::string, std::string> files;
  // timestamp.txt's content in nbgrader's format (format_nbgrader_timestamp); it must parse as
  // nbgrader reads it (nbgrader_timestamp.hpp). Empty: no timestamp.txt (as nbgrader's
  // zip_collect when the file names carry no time; on time at export).
  std::string timestamp;
};

// The previous submission, kept rather than dropped.
struct ReplacedSubmission {
  std::string previous_timestamp;  // its timestamp.txt, stripped; empty when it had none
  std::filesystem::path kept_at;   // submitted/<student>/.replaced/<assignment>/<stamp>
};

struct IntakeResult {
  bool written = false;
  std::filesystem::path folder;            // submitted/<student>/<assignment>, when written
  std::vector<std::string> files_written;  // relative paths, sorted (timestamp.txt not listed)
  std::optional<ReplacedSubmission> replaced;
  notebook::Problems problems;  // refused files (warnings when the rest was written) and errors
};

// nullopt when `name` is one safe path component: 1 to 255 bytes of valid UTF-8, no '/', no
// NUL or other control character, not "." or ".."; otherwise why not (control characters escaped).
std::optional<std::string> submission_name_problem(std::string_view name);

// Writes `submission` under `<course_root>/submitted/` (course_root trusted, links in it followed;
// nothing below it is followed). Never throws for bad input or a file system error: both are
// problems in the result.
IntakeResult take_in_submission(const std::filesystem::path& course_root,
                                const Submission& submission, const IntakeLimits& limits);

}  // namespace gradebox::course
