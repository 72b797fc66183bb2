// A folder of a submission (or of the instructor's source) read into memory before any code of
// the submission runs, with the course's caps (sandbox/folder_files.hpp: directory fds, no link
// followed, regular files only, what is skipped reported by relative path). Everything graded or
// copied afterwards comes from these bytes.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "grader/course_config.hpp"
#include "sandbox/folder_files.hpp"

namespace gradebox::autograde {

using sandbox::FolderFiles;
using sandbox::FolderLimits;
using sandbox::SkippedEntry;

// The course's caps (GradingBudgets), named in what they leave out.
FolderLimits folder_limits(const CourseConfig& config);

// Reads `<base>/<below>` (base trusted, links in it followed; every component of `below` opened
// without following links). Ignored names (pipeline::is_ignored_name) are left out silently, then
// whatever `leave_out` leaves out (as sandbox::walk_folder's). Throws
// std::filesystem::filesystem_error when the folder itself cannot be opened.
FolderFiles read_folder(
    const std::filesystem::path& base, const std::filesystem::path& below,
    const FolderLimits& limits,
    std::function<std::optional<std::string>(const std::string&, bool)> leave_out = {});

// SHA-256 over "relative NUL sha256(bytes) LF" lines, sorted by path.
std::string folder_digest(const FolderFiles& folder);

}  // namespace gradebox::autograde
