// A folder of a submission (or of the instructor's source) read into memory before any code of
// the submission runs: through directory fds, never following a link, regular files only (a FIFO
// is opened non-blocking and skipped, never read), size-capped. What is skipped is reported as
// data, by relative path. Everything graded or copied afterwards comes from these bytes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "grader/course_config.hpp"

namespace gradebox::autograde {

// The reader's caps; folder_limits() takes the course's (GradingBudgets).
struct FolderLimits {
  std::uint64_t max_file_bytes = GradingBudgets{}.max_file_bytes;
  std::uint64_t max_total_bytes = GradingBudgets{}.max_submission_bytes;
  std::size_t max_entries = 10'000;  // files and folders, read or skipped
};
FolderLimits folder_limits(const CourseConfig& config);

struct SkippedEntry {
  std::string relative;  // e.g. "part2/problem2.ipynb"
  std::string reason;    // e.g. "a symbolic link, not read"
  bool over_total = false;  // left out because the folder reached max_total_bytes
};

struct FolderFiles {
  std::map<std::string, std::string> files;  // relative path -> bytes, sorted by path
  std::vector<SkippedEntry> skipped;

  // SHA-256 over "relative NUL sha256(bytes) LF" lines, sorted by path.
  std::string digest() const;
  // Why `relative` was not read, when it was skipped.
  const SkippedEntry* skipped_entry(const std::string& relative) const;
};

// Reads `<base>/<below>` (base trusted, links in it followed; every component of `below` opened
// without following links). Ignored names (pipeline::is_ignored_name) are left out silently.
// Throws std::filesystem::filesystem_error when the folder itself cannot be opened.
FolderFiles read_folder(const std::filesystem::path& base, const std::filesystem::path& below,
                        const FolderLimits& limits);

}  // namespace gradebox::autograde
