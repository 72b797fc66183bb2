// nbgrader's submit (see submit_assignment.hpp).
#include "grader/exchange/submit_assignment.hpp"

#include <fcntl.h>
#include <fnmatch.h>

#include <algorithm>
#include <cerrno>

#include "grader/autograde/folder_files.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/exchange/feedback_hash.hpp"
#include "grader/exchange/shared_folder.hpp"
#include "grader/notebook/notebook.hpp"
#include "grader/records/nbgrader_timestamp.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

bool matches_any(const std::string& name, const std::vector<std::string>& globs) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& glob) {
    return ::fnmatch(glob.c_str(), name.c_str(), 0) == 0;
  });
}

// nbgrader's ignore_patterns: an ignored name anywhere in the path, or a file name not included.
bool left_out_by_copy_rules(const std::string& relative, const CopyRules& rules) {
  for (const auto& part : fs::path(relative))
    if (matches_any(part.string(), rules.ignore)) return true;
  return !matches_any(fs::path(relative).filename().string(), rules.include);
}

bool is_notebook_path(const std::string& relative) {
  return fs::path(relative).extension() == ".ipynb";
}

// The notebooks of the release in outbound/<a>, to warn about missing and extra ones.
std::vector<std::string> released_notebooks(const CourseConfig& config,
                                            const ExchangeCourse& course,
                                            const std::string& assignment) {
  std::vector<std::string> names;
  try {
    const auto files =
        autograde::read_folder(course.root, fs::path(course.course_id) / "outbound" / assignment,
                               autograde::folder_limits(config));
    for (const auto& [relative, bytes] : files.files)
      if (is_notebook_path(relative)) names.push_back(relative);
  } catch (const fs::filesystem_error&) {
  }
  return names;
}

void check_against_release(const PreparedSubmission& prepared,
                           const std::vector<std::string>& released, ExchangeReport& report) {
  for (const auto& name : released)
    if (std::find(prepared.notebooks.begin(), prepared.notebooks.end(), name) ==
        prepared.notebooks.end())
      report.warn(prepared.folder / name, "MISSING: released but not in your folder",
                  "is it renamed?");
  for (const auto& name : prepared.notebooks)
    if (!released.empty() && std::find(released.begin(), released.end(), name) == released.end())
      report.warn(prepared.folder / name, "EXTRA: not a notebook of the release",
                  "it is submitted but may not be graded");
}

void take_files(const CourseConfig& config, autograde::FolderFiles read,
                PreparedSubmission& prepared) {
  for (const auto& skipped : read.skipped) {
    if (skipped.over_total)
      prepared.report.error(prepared.folder,
                            "the folder is over " + std::to_string(config.exchange.max_dir_bytes) +
                                " bytes (CourseDirectory.max_dir_size)",
                            "remove large data files from the folder");
    else
      prepared.report.warn(prepared.folder / skipped.relative, skipped.reason + "; not submitted",
                           "");
  }
  for (auto& [relative, bytes] : read.files) {
    if (left_out_by_copy_rules(relative, config.copy) || relative == kTimestampFile ||
        relative == kSecretFile)
      continue;
    if (is_notebook_path(relative)) {
      if (bytes.size() > config.limits.max_bytes) {
        prepared.report.error(prepared.folder / relative,
                              "notebook over " + std::to_string(config.limits.max_bytes) +
                                  " bytes (limits.max_notebook_bytes)",
                              "clear large outputs (Kernel > Restart & Clear Output) and save");
        continue;
      }
      try {
        notebook::Notebook::from_text(bytes, prepared.folder / relative);
      } catch (const std::exception& e) {
        prepared.report.error(prepared.folder / relative,
                              std::string("not a notebook: ") + e.what(),
                              "submit notebooks saved by Jupyter; rename other files");
        continue;
      }
      prepared.notebooks.push_back(relative);
    }
    prepared.files.emplace(relative, std::move(bytes));
  }
}

}  // namespace

PreparedSubmission prepare_submission(const CourseConfig& config, const ExchangeCourse& course,
                                      const std::string& assignment,
                                      const fs::path& assignment_dir) {
  PreparedSubmission prepared;
  prepared.folder =
      student_assignment_dir(assignment_dir, config.exchange, course.course_id, assignment);
  std::error_code ec;
  if (!fs::is_directory(prepared.folder, ec)) {
    prepared.report.error(
        prepared.folder, "assignment not found",
        "run `gradebox fetch " + assignment + "` first, or cd to the folder holding it");
    return prepared;
  }
  autograde::FolderLimits limits;
  limits.max_file_bytes = config.copy.max_file_bytes;
  limits.max_total_bytes = config.exchange.max_dir_bytes;
  take_files(
      config,
      autograde::read_folder(assignment_dir, fs::relative(prepared.folder, assignment_dir), limits),
      prepared);
  if (prepared.notebooks.empty() && prepared.report.ok())
    prepared.report.error(prepared.folder, "no notebook to submit",
                          "save your work as .ipynb in this folder");
  check_against_release(prepared, released_notebooks(config, course, assignment), prepared.report);
  return prepared;
}

SubmitOutcome submit_prepared(const ExchangeCourse& course, const std::string& student,
                              const std::string& assignment, PreparedSubmission prepared,
                              const fs::path& cache_dir) {
  SubmitOutcome outcome{std::move(prepared.report), std::nullopt};
  const InboundName name{student, assignment,
                         records::format_nbgrader_timestamp(std::chrono::system_clock::now()),
                         random_suffix()};
  auto files = std::move(prepared.files);
  files[kTimestampFile] = name.timestamp;
  files[kSecretFile] = new_submission_secret();

  // Students may create entries in inbound/ but not list it: an O_PATH fd is enough for *at calls.
  const UniqueFd course_dir = open_exchange_directory(course.root, course.course_id);
  const UniqueFd inbound = sandbox::open_entry(course_dir.get(), "inbound", O_PATH | O_DIRECTORY);
  if (!inbound)
    sandbox::throw_errno("cannot open (links are not followed)", course.inbound(), errno);
  publish_folder(inbound.get(), name.str(), files, kSubmissionMode, ExistingFolder::refuse,
                 course.inbound() / name.str());

  SubmissionReceipt receipt = make_receipt(files);
  receipt.course_id = course.course_id;
  receipt.assignment = assignment;
  receipt.student = student;
  receipt.timestamp = name.timestamp;

  // The cache copy (named without the random part) lets fetch-feedback find the feedback.
  InboundName cached = name;
  cached.random.clear();
  const fs::path cache_course = cache_dir / course.course_id;
  fs::create_directories(cache_course);
  const UniqueFd cache = sandbox::open_directory(cache_course);
  publish_folder(cache.get(), cached.str(), files, kSharedFolderMode, ExistingFolder::refuse,
                 cache_course / cached.str());
  sandbox::write_file_beneath(cache.get(), fs::path("receipts") / (cached.str() + ".txt"),
                              receipt.text(), 0644, cache_course / "receipts");
  outcome.report.done.push_back("submitted " + assignment + " of course " + course.course_id +
                                " as " + student + " at " + name.timestamp);
  outcome.receipt = std::move(receipt);
  return outcome;
}

}  // namespace gradebox::exchange
