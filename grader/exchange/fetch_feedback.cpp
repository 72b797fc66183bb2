// nbgrader's fetch_feedback (see fetch_feedback.hpp).
#include "grader/exchange/fetch_feedback.hpp"

#include "grader/exchange/cached_submission.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/records/file_io.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

ExchangeReport fetch_feedback(const CourseConfig& config, const ExchangeCourse& course,
                              const std::string& assignment, const fs::path& assignment_dir,
                              const fs::path& cache_dir) {
  ExchangeReport report;
  const fs::path folder =
      student_assignment_dir(assignment_dir, config.exchange, course.course_id, assignment);
  const auto submissions = cached_submissions(cache_dir, course.course_id, assignment);
  if (submissions.empty())
    report.error(cache_dir / course.course_id,
                 "no submission of " + assignment + " in your nbgrader cache",
                 "feedback is found through the submission made from this account");
  std::size_t fetched = 0;
  const UniqueFd feedback =
      open_exchange_path(course.root, fs::path(course.course_id) / "feedback");
  for (const auto& submission : submissions) {
    if (submission.secret.empty()) {
      report.warn(cache_dir / course.course_id / submission.name.str(),
                  "no submission_secret.txt: made by an old nbgrader",
                  "use nbgrader fetch_feedback for it");
      continue;
    }
    for (const auto& id : submission.notebook_ids) {
      const fs::path published = exchange_feedback_file(course, submission, id);
      const auto html = read_shared_file(feedback.get(), published.filename().string(),
                                         config.budgets.max_file_bytes, published);
      if (!html) {
        report.warn(folder / (id + ".ipynb"),
                    "no feedback yet for the submission of " + submission.name.timestamp, "");
        continue;
      }
      const fs::path local = local_feedback_file(folder, submission, id);
      fs::create_directories(local.parent_path());
      records::write_file_atomically(local, *html);
      report.done.push_back("fetched feedback " + local.string());
      ++fetched;
    }
  }
  if (fetched == 0 && report.ok()) report.done.push_back("no feedback to fetch for " + assignment);
  return report;
}

}  // namespace gradebox::exchange
