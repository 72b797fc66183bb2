// The student's nbgrader cache (see cached_submission.hpp).
#include "grader/exchange/cached_submission.hpp"

#include <algorithm>

#include "grader/exchange/exchange_timestamp.hpp"
#include "grader/exchange/feedback_hash.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::exchange {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxSecretBytes = 4096;

CachedSubmission read_cached(const fs::path& folder, const InboundName& name) {
  CachedSubmission cached{name, "", {}};
  try {
    cached.secret = sandbox::read_file_beneath(folder, kSecretFile, kMaxSecretBytes);
  } catch (const sandbox::UnreadableFile&) {
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec) && entry.path().extension() == ".ipynb")
      cached.notebook_ids.push_back(entry.path().stem().string());
  std::sort(cached.notebook_ids.begin(), cached.notebook_ids.end());
  return cached;
}

}  // namespace

std::vector<CachedSubmission> cached_submissions(const fs::path& cache_dir,
                                                 const std::string& course_id,
                                                 const std::string& assignment) {
  std::vector<CachedSubmission> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(cache_dir / course_id, ec)) {
    const auto name = parse_inbound_name(entry.path().filename().string());
    if (!name || !name->random.empty() || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    if (!assignment.empty() && name->assignment != assignment) continue;
    found.push_back(read_cached(entry.path(), *name));
  }
  std::sort(found.begin(), found.end(), [](const CachedSubmission& a, const CachedSubmission& b) {
    return timestamp_before(a.name.timestamp, b.name.timestamp);
  });
  return found;
}

fs::path exchange_feedback_file(const ExchangeCourse& course, const CachedSubmission& submission,
                                const std::string& notebook_id) {
  return course.feedback() / (feedback_hash(submission.secret, notebook_id) + ".html");
}

fs::path local_feedback_file(const fs::path& assignment_folder, const CachedSubmission& submission,
                             const std::string& notebook_id) {
  return assignment_folder / "feedback" / submission.name.timestamp / (notebook_id + ".html");
}

}  // namespace gradebox::exchange
