// nbgrader's release_feedback (see release_feedback.hpp).
#include "grader/exchange/release_feedback.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "grader/autograde/folder_files.hpp"
#include "grader/course/student_folders.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/exchange/feedback_hash.hpp"
#include "grader/exchange/release_assignment.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxSecretBytes = 4096;

// Publishes one page as <hash>.html: written as <hash>-tmp.html, then renamed (as nbgrader).
void publish_page(int feedback, const std::string& hash, const std::string& html,
                  const fs::path& shown) {
  const std::string temporary = hash + "-tmp.html";
  ::unlinkat(feedback, temporary.c_str(), 0);
  sandbox::write_file_beneath(feedback, temporary, html, kSharedFileMode, shown);
  if (::renameat(feedback, temporary.c_str(), feedback, (hash + ".html").c_str()) != 0)
    sandbox::throw_errno("cannot rename into place", shown, errno);
}

void release_student(const CourseConfig& config, const ExchangeCourse& course, int feedback,
                     const std::string& assignment, const std::string& student,
                     ExchangeReport& report) {
  const fs::path submitted = fs::path("submitted") / student / assignment;
  std::string secret;
  try {
    secret = sandbox::read_file_beneath(config.root, submitted / kSecretFile, kMaxSecretBytes);
  } catch (const sandbox::UnreadableFile& e) {
    report.warn(config.root / submitted,
                std::string("no usable submission_secret.txt (") + e.what() +
                    "): the student cannot find this feedback in the exchange",
                "hand the feedback out another way (it was not submitted through the exchange)");
    return;
  }
  // The pages directly in the student's feedback folder, read without following links.
  autograde::FolderLimits limits;
  limits.max_file_bytes = config.budgets.max_file_bytes;
  limits.max_total_bytes = config.budgets.max_submission_bytes;
  limits.max_depth = 0;
  autograde::FolderFiles pages;
  try {
    pages =
        autograde::read_folder(config.root, fs::path("feedback") / student / assignment, limits);
  } catch (const fs::filesystem_error&) {
    return;  // no feedback written for this student
  }
  for (const auto& [relative, bytes] : pages.files) {
    const fs::path name(relative);
    if (name.extension() != ".html") continue;
    const std::string hash = feedback_hash(secret, name.stem().string());
    publish_page(feedback, hash, bytes, course.feedback() / (hash + ".html"));
    report.done.push_back("released feedback " + student + " " + assignment + "/" +
                          name.stem().string() + " as " +
                          (course.feedback() / (hash + ".html")).string());
  }
}

}  // namespace

ExchangeReport release_feedback(const CourseConfig& config, const ExchangeCourse& course,
                                const std::string& assignment, const std::string& only_student) {
  ExchangeReport report;
  const UniqueFd dir = ensure_course_folders(course, report);
  const UniqueFd feedback =
      ensure_owned_directory(dir.get(), "feedback", kFeedbackMode, course.feedback(), report);
  const auto found = course::discover_student_folders(config.root / "feedback", assignment);
  for (const auto& refused : found.refused)
    report.warn(refused.folder, refused.problem, "not released");
  for (const auto& student : found.students) {
    if (!only_student.empty() && student != only_student) continue;
    if (config.excluded_students.contains(student)) continue;
    release_student(config, course, feedback.get(), assignment, student, report);
  }
  if (report.done.empty() && report.ok())
    report.error(config.root / "feedback", "no feedback of " + assignment + " to release",
                 "run `gradebox feedback " + assignment + "` first");
  return report;
}

}  // namespace gradebox::exchange
