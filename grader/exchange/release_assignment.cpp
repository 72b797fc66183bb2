// nbgrader's release_assignment (see release_assignment.hpp).
#include "grader/exchange/release_assignment.hpp"

#include "grader/autograde/folder_files.hpp"
#include "grader/exchange/shared_folder.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

UniqueFd ensure_course_folders(const ExchangeCourse& course, ExchangeReport& report) {
  const UniqueFd root = ensure_exchange_root(course.root, report);
  UniqueFd dir = ensure_owned_directory(root.get(), course.course_id, kCourseMode,
                                        course.course_dir(), report);
  ensure_owned_directory(dir.get(), "outbound", kOutboundMode, course.outbound(), report);
  ensure_owned_directory(dir.get(), "inbound", kInboundMode, course.inbound(), report);
  return dir;
}

namespace {

// The files of outbound/<a> as they are now; empty when it does not exist.
std::optional<std::map<std::string, std::string>> released_files(
    const ExchangeCourse& course, const std::string& assignment,
    const autograde::FolderLimits& limits) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(course.outbound() / assignment, ec))) return std::nullopt;
  return autograde::read_folder(course.root, fs::path(course.course_id) / "outbound" / assignment,
                                limits)
      .files;
}

}  // namespace

ExchangeReport release_assignment(const CourseConfig& config, const ExchangeCourse& course,
                                  const std::string& assignment, bool force) {
  ExchangeReport report;
  const fs::path source = config.root / "release" / assignment;
  std::error_code ec;
  if (!fs::is_directory(source, ec)) {
    const bool generated = fs::is_directory(config.root / "source" / assignment, ec);
    report.error(source, "no released assignment here",
                 generated ? "run `gradebox release " + assignment + "` first"
                           : "check the assignment name (folders in release/)");
    return report;
  }
  const auto limits = autograde::folder_limits(config);
  const auto files = autograde::read_folder(config.root, fs::path("release") / assignment, limits);
  for (const auto& skipped : files.skipped)
    report.warn(source / skipped.relative, skipped.reason, "not released");
  const UniqueFd dir = ensure_course_folders(course, report);
  const auto current = released_files(course, assignment, limits);
  if (current && *current == files.files) {
    report.done.push_back(assignment + ": already released to " +
                          (course.outbound() / assignment).string() + ", unchanged");
    return report;
  }
  if (current && !force) {
    report.error(course.outbound() / assignment,
                 "already released with other files; students may have fetched it",
                 "add --force to replace it (students who fetched keep their copy and must "
                 "fetch again with --replace for missing files)");
    return report;
  }
  const UniqueFd outbound =
      sandbox::open_directory_beneath(dir.get(), "outbound", false, course.outbound());
  publish_folder(outbound.get(), assignment, files.files, kSharedFolderMode,
                 ExistingFolder::replace, course.outbound() / assignment);
  if (current)
    report.warn(course.outbound() / assignment, "replaced the earlier release (--force)",
                "students who fetched the earlier release keep it");
  report.done.push_back("released " + assignment + " (" + std::to_string(files.files.size()) +
                        " files) to " + (course.outbound() / assignment).string() + " for course " +
                        course.course_id);
  return report;
}

}  // namespace gradebox::exchange
