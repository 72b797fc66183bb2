// nbgrader's list for students (see list_assignments.hpp).
#include "grader/exchange/list_assignments.hpp"

#include <algorithm>

#include "grader/exchange/cached_submission.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/records/file_io.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> folder_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.front() != '.' && entry.is_directory(ec) && !entry.is_symlink(ec))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// nbgrader's feedback state of one submission: all notebooks fetched, all published, any changed.
std::string feedback_state(const ExchangeCourse& course, const fs::path& folder,
                           const CachedSubmission& submission, std::uint64_t max_bytes) {
  if (submission.secret.empty() || submission.notebook_ids.empty()) return "no feedback available";
  bool all_local = true, all_published = true, updated = false;
  UniqueFd feedback;
  try {
    feedback = open_exchange_path(course.root, fs::path(course.course_id) / "feedback");
  } catch (const fs::filesystem_error&) {
    all_published = false;
  }
  for (const auto& id : submission.notebook_ids) {
    std::optional<std::string> published;
    if (feedback) {
      const auto file = exchange_feedback_file(course, submission, id);
      published = read_shared_file(feedback.get(), file.filename().string(), max_bytes, file);
    }
    const auto local = local_feedback_file(folder, submission, id);
    std::error_code ec;
    const bool have_local = fs::is_regular_file(local, ec);
    all_local = all_local && have_local;
    all_published = all_published && published;
    if (have_local && published && records::read_file(local) != *published) updated = true;
  }
  if (all_local && !updated) return "feedback already fetched";
  if (all_published)
    return updated ? "feedback updated, fetch again" : "feedback ready to be fetched";
  return "no feedback available";
}

}  // namespace

ExchangeListing list_assignments(const CourseConfig& config, const ExchangeCourse& course,
                                 const fs::path& assignment_dir, const fs::path& cache_dir) {
  ExchangeListing listing;
  const auto courses = course.course_id.empty() ? folder_names(course.root)
                                                : std::vector<std::string>{course.course_id};
  for (const auto& id : courses) {
    const ExchangeCourse one{course.root, id};
    for (const auto& assignment : folder_names(one.outbound())) {
      std::error_code ec;
      const bool fetched =
          fs::exists(student_assignment_dir(assignment_dir, config.exchange, id, assignment), ec);
      listing.released.push_back({id, assignment, fetched});
    }
    for (const auto& submission : cached_submissions(cache_dir, id, "")) {
      const auto folder =
          student_assignment_dir(assignment_dir, config.exchange, id, submission.name.assignment);
      listing.submitted.push_back(
          {id, submission.name,
           feedback_state(one, folder, submission, config.budgets.max_file_bytes)});
    }
  }
  return listing;
}

std::string ExchangeListing::text() const {
  std::string out = "Released assignments:\n";
  for (const auto& a : released)
    out +=
        "  " + a.course_id + " " + a.assignment + (a.fetched ? " (already downloaded)" : "") + "\n";
  if (submitted.empty()) return out;
  out += "Submitted assignments:\n";
  for (const auto& s : submitted)
    out += "  " + s.course_id + " " + s.name.student + " " + s.name.assignment + " " +
           s.name.timestamp + " (" + s.feedback + ")\n";
  return out;
}

}  // namespace gradebox::exchange
