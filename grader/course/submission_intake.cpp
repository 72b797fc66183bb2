// Owns taking a submission into submitted/ (see submission_intake.hpp).
#include "grader/course/submission_intake.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <set>
#include <vector>

#include "grader/course/printable_text.hpp"
#include "grader/course/student_id.hpp"
#include "grader/course/utf8_text.hpp"
#include "grader/pipeline/staging_dir.hpp"
#include "grader/records/nbgrader_timestamp.hpp"
#include "grader/records/submission_timestamp.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::course {
namespace fs = std::filesystem;
using notebook::Problem;
using notebook::Severity;
using sandbox::UniqueFd;

namespace {

constexpr std::size_t kMaxNameBytes = 255;  // NAME_MAX
constexpr std::size_t kMaxDepth = 32;
constexpr const char* kTimestampFile = "timestamp.txt";
constexpr const char* kReplacedFolder = ".replaced";

using SubmittedFile = std::pair<const std::string, std::string>;

Problem problem(Severity severity, const fs::path& file, std::string message, std::string hint) {
  return Problem(severity, file, std::nullopt, "", std::move(message), std::move(hint));
}

std::string name_why_not(std::string_view name) {
  if (name.empty()) return "it is empty";
  if (name.size() > kMaxNameBytes) return "it is longer than 255 bytes";
  if (name == "." || name == "..") return "it is '" + std::string(name) + "'";
  for (std::size_t i = 0; i < name.size();) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x20 || byte == 0x7f) return "it holds a control character";
    if (name[i] == '/') return "it holds '/'";
    const std::size_t length = utf8_sequence_length(name, i);
    if (length == 0) return "it is not valid UTF-8";
    i += length;
  }
  return "";
}

// Why `relative` cannot name a file of a submission; empty when it can.
std::string relative_path_why_not(const std::string& relative) {
  std::size_t depth = 0;
  for (std::size_t start = 0;; start = relative.find('/', start) + 1) {
    const std::string_view rest = std::string_view(relative).substr(start);
    if (auto why = name_why_not(rest.substr(0, rest.find('/'))); !why.empty())
      return "a component of its path is refused: " + why;
    if (++depth > kMaxDepth) return "it is nested more than 32 folders deep";
    if (rest.find('/') == std::string_view::npos) break;
  }
  if (relative == kTimestampFile)
    return "timestamp.txt is written by gradebox from the submission time";
  return "";
}

std::string mib_text(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

struct SelectedFiles {
  std::vector<const SubmittedFile*> files;  // in path order
  notebook::Problems refused;
};

// The files that pass the rules and caps (in path order, so the choice is reproducible).
SelectedFiles select_files(const Submission& submission, const IntakeLimits& limits,
                           const fs::path& folder) {
  SelectedFiles selected;
  std::set<std::string> taken;
  std::uint64_t total = 0;
  for (const auto& entry : submission.files) {
    const auto& [relative, bytes] = entry;
    std::string why = relative_path_why_not(relative);
    std::string hint = "rename the file to a plain name (letters, digits, '.', '_', '-')";
    for (auto slash = relative.find('/'); why.empty() && slash != std::string::npos;
         slash = relative.find('/', slash + 1))
      if (taken.count(relative.substr(0, slash)))
        why = "a file of the submission has the name of its folder";
    if (why.empty() && bytes.size() > limits.max_file_bytes) {
      why = "it is " + std::to_string(bytes.size()) + " bytes, over the cap of " +
            mib_text(limits.max_file_bytes) + " per file";
      hint = "raise autograde.max_file_mib in gradebox.toml if files this large are expected";
    } else if (why.empty() && total + bytes.size() > limits.max_total_bytes) {
      why = "the submission's files would exceed the cap of " + mib_text(limits.max_total_bytes);
      hint =
          "raise autograde.max_submission_mib in gradebox.toml if submissions this large are "
          "expected";
    } else if (why.empty() && selected.files.size() >= limits.max_files) {
      why = "the submission has more than " + std::to_string(limits.max_files) + " files";
      hint = "ask the student to submit fewer files (an archive of a data folder, say)";
    }
    if (!why.empty()) {
      selected.refused.push_back(problem(Severity::warning, folder / printable_text(relative),
                                         "not taken in: " + why, hint));
      continue;
    }
    total += bytes.size();
    taken.insert(relative);
    selected.files.push_back(&entry);
  }
  return selected;
}

std::optional<Problem> submission_problem(const Submission& submission, const fs::path& folder) {
  if (auto why = student_id_problem(submission.student))
    return problem(Severity::error, folder, *why, kStudentIdFix);
  if (auto why = submission_name_problem(submission.assignment))
    return problem(Severity::error, folder, "the assignment name is refused: " + *why,
                   "use a plain assignment name such as ps1");
  if (submission.timestamp.empty()) return std::nullopt;
  if (const auto parsed = records::parse_nbgrader_timestamp(submission.timestamp); !parsed.utc)
    return problem(Severity::error, folder, "the submission time is refused: " + parsed.error,
                   "pass the time as nbgrader writes it, e.g. \"2026-11-20 23:59:00.000000 UTC\"");
  return std::nullopt;
}

// timestamp.txt of a previous submission folder, stripped; empty when missing or not a small
// regular file.
std::string read_previous_timestamp(int previous) {
  const UniqueFd file = sandbox::open_entry(previous, kTimestampFile, O_RDONLY | O_NONBLOCK);
  struct stat st {};
  if (!file || ::fstat(file.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<std::size_t>(st.st_size) > records::max_timestamp_txt_bytes)
    return "";
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  const ssize_t n = ::read(file.get(), text.data(), text.size());
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// "20261120T235900Z" for the previous submission's time, "unknown-time" without one.
std::string kept_stamp(const std::string& previous_timestamp) {
  const auto parsed = records::parse_nbgrader_timestamp(previous_timestamp);
  if (!parsed.utc) return "unknown-time";
  std::string stamp;
  for (const char c : records::format_rfc3339_utc(*parsed.utc))
    if (c != '-' && c != ':') stamp += c;
  return stamp;
}

// A previous submission moved aside, and how to put it back if the new one fails to land.
struct MovedAside {
  UniqueFd keep_dir;
  std::string kept_name;
  ReplacedSubmission replaced;
};

MovedAside move_previous_aside(int student_dir, const std::string& assignment,
                               const fs::path& student_folder) {
  MovedAside moved;
  const UniqueFd previous =
      sandbox::open_entry(student_dir, assignment.c_str(), O_RDONLY | O_DIRECTORY);
  if (!previous)
    sandbox::throw_errno("cannot open the previous submission", student_folder / assignment, errno);
  moved.replaced.previous_timestamp = read_previous_timestamp(previous.get());
  const fs::path keep_below = fs::path(kReplacedFolder) / assignment;
  moved.keep_dir =
      sandbox::open_directory_beneath(student_dir, keep_below, true, student_folder / keep_below);
  const std::string stamp = kept_stamp(moved.replaced.previous_timestamp);
  struct stat st {};
  moved.kept_name = stamp;
  for (int n = 2;
       ::fstatat(moved.keep_dir.get(), moved.kept_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0; ++n)
    moved.kept_name = stamp + "-" + std::to_string(n);
  moved.replaced.kept_at = student_folder / keep_below / moved.kept_name;
  if (::renameat(student_dir, assignment.c_str(), moved.keep_dir.get(), moved.kept_name.c_str()) !=
      0)
    sandbox::throw_errno("cannot move the previous submission aside to", moved.replaced.kept_at,
                         errno);
  return moved;
}

void write_submission(const fs::path& course_root, const Submission& submission,
                      const std::vector<const SubmittedFile*>& files, IntakeResult& result) {
  const fs::path below = fs::path("submitted") / submission.student;
  const fs::path student_folder = course_root / below;
  const fs::path folder = student_folder / submission.assignment;
  const UniqueFd course = sandbox::open_directory(course_root);
  const UniqueFd student_dir =
      sandbox::open_directory_beneath(course.get(), below, true, student_folder);
  struct stat st {};
  const bool previous =
      ::fstatat(student_dir.get(), submission.assignment.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (previous && !S_ISDIR(st.st_mode))
    sandbox::throw_errno("refusing to replace what is not a folder (a link?)", folder, ENOTDIR);
  pipeline::StagingDir staging(course_root, below, submission.assignment);
  for (const SubmittedFile* file : files)
    sandbox::write_file_beneath(staging.fd(), file->first, file->second, 0644,
                                folder / printable_text(file->first));
  if (!submission.timestamp.empty())
    sandbox::write_file_beneath(staging.fd(), kTimestampFile, submission.timestamp, 0644,
                                folder / kTimestampFile);
  if (!previous) {
    staging.commit();
  } else {
    MovedAside moved =
        move_previous_aside(student_dir.get(), submission.assignment, student_folder);
    try {
      staging.commit();
    } catch (...) {
      ::renameat(moved.keep_dir.get(), moved.kept_name.c_str(), student_dir.get(),
                 submission.assignment.c_str());
      throw;
    }
    result.replaced = std::move(moved.replaced);
  }
  result.written = true;
  result.folder = folder;
  for (const SubmittedFile* file : files) result.files_written.push_back(file->first);
}

}  // namespace

IntakeLimits intake_limits(const CourseConfig& config) {
  return {config.budgets.max_file_bytes, config.budgets.max_submission_bytes,
          IntakeLimits{}.max_files};
}

std::optional<std::string> submission_name_problem(std::string_view name) {
  const std::string why = name_why_not(name);
  if (why.empty()) return std::nullopt;
  return "\"" + printable_text(name) + "\" is not a safe file name: " + why;
}

IntakeResult take_in_submission(const fs::path& course_root, const Submission& submission,
                                const IntakeLimits& limits) {
  IntakeResult result;
  const fs::path folder = course_root / "submitted" / printable_text(submission.student) /
                          printable_text(submission.assignment);
  if (auto refused = submission_problem(submission, folder)) {
    result.problems.push_back(std::move(*refused));
    return result;
  }
  SelectedFiles selected = select_files(submission, limits, folder);
  result.problems = std::move(selected.refused);
  if (selected.files.empty()) {
    result.problems.push_back(problem(
        Severity::error, folder, "no file of the submission could be taken in; nothing written",
        "see the files refused above"));
    return result;
  }
  try {
    write_submission(course_root, submission, selected.files, result);
  } catch (const std::exception& e) {
    notebook::Problems problems = std::move(result.problems);
    result = IntakeResult{};
    result.problems = std::move(problems);
    result.problems.push_back(
        problem(Severity::error, folder, std::string("nothing written: ") + e.what(),
                "remove any link or non-folder entry under submitted/ and retry"));
  }
  return result;
}

}  // namespace gradebox::course
