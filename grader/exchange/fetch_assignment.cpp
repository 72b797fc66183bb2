// nbgrader's fetch_assignment (see fetch_assignment.hpp).
#include "grader/exchange/fetch_assignment.hpp"

#include <sys/stat.h>

#include "grader/autograde/folder_files.hpp"
#include "grader/exchange/shared_folder.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

ExchangeReport fetch_assignment(const CourseConfig& config, const ExchangeCourse& course,
                                const std::string& assignment, const fs::path& assignment_dir,
                                bool replace_missing) {
  ExchangeReport report;
  const fs::path released = course.outbound() / assignment;
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(released, ec))) {
    report.error(released, "assignment not found",
                 "run `gradebox list` to see the released assignments");
    return report;
  }
  const auto files =
      autograde::read_folder(course.root, fs::path(course.course_id) / "outbound" / assignment,
                             autograde::folder_limits(config));
  for (const auto& skipped : files.skipped)
    report.warn(released / skipped.relative, skipped.reason, "ask your instructor");
  const fs::path destination =
      student_assignment_dir(assignment_dir, config.exchange, course.course_id, assignment);
  const bool exists = fs::exists(fs::symlink_status(destination, ec));
  if (exists && !replace_missing) {
    report.error(destination, "you already have a copy of the assignment here",
                 "rename it, or add --replace to restore only the missing files");
    return report;
  }
  const auto base = sandbox::open_directory(assignment_dir);
  const auto relative = fs::relative(destination, assignment_dir);
  const auto dir = sandbox::open_directory_beneath(base.get(), relative, true, destination);
  const auto written = write_missing_files(dir.get(), files.files, destination);
  for (const auto& name : written)
    if (exists) report.warn(destination / name, "replaced a missing file", "");
  report.done.push_back("fetched " + assignment + " of course " + course.course_id + " to " +
                        destination.string() + " (" + std::to_string(written.size()) + " files)");
  return report;
}

}  // namespace gradebox::exchange
