// The student's own record of what they submitted: nbgrader's cache,
// <cache>/<course_id>/<student>+<a>+<timestamp>/ holding the submitted notebooks with
// timestamp.txt and submission_secret.txt. From it, and only from it, a student computes the names
// of their feedback files (feedback_hash.hpp): nobody else knows the secret.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/exchange/exchange_layout.hpp"

namespace gradebox::exchange {

struct CachedSubmission {
  InboundName name;    // random part empty
  std::string secret;  // empty for a submission made before nbgrader 0.8 (no secret)
  std::vector<std::string> notebook_ids;  // the top-level notebooks' names without .ipynb
};

// The cached submissions of `course_id` (of `assignment` when not empty), oldest first.
std::vector<CachedSubmission> cached_submissions(const std::filesystem::path& cache_dir,
                                                 const std::string& course_id,
                                                 const std::string& assignment);

// feedback/<hash>.html of one notebook of a submission.
std::filesystem::path exchange_feedback_file(const ExchangeCourse& course,
                                             const CachedSubmission& submission,
                                             const std::string& notebook_id);

// Where fetch-feedback puts that notebook's feedback: <assignment
// folder>/feedback/<timestamp>/<id>.html.
std::filesystem::path local_feedback_file(const std::filesystem::path& assignment_folder,
                                          const CachedSubmission& submission,
                                          const std::string& notebook_id);

}  // namespace gradebox::exchange
