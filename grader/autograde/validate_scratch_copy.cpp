// Owns validate's private copy of a notebook's folder (see validate_scratch_copy.hpp).
#include "grader/autograde/validate_scratch_copy.hpp"

#include "sandbox/directory_fd.hpp"
#include "sandbox/folder_files.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

ValidateScratchCopy::ValidateScratchCopy(const fs::path& notebook,
                                         const ValidateCopyLimits& limits) {
  const fs::path folder = fs::absolute(notebook).parent_path();
  const std::string name = notebook.filename().string();
  notebook_text_ = sandbox::read_file_beneath(folder, name, limits.max_notebook_bytes);
  sandbox::FolderLimits sibling_limits;
  sibling_limits.max_file_bytes = limits.max_file_bytes;
  sibling_limits.max_total_bytes = limits.max_total_bytes;
  sibling_limits.max_depth = 0;
  const auto siblings = sandbox::read_folder_files(
      sandbox::open_directory(folder).get(), sibling_limits,
      [&name](const std::string& entry, bool is_folder) -> std::optional<std::string> {
        if (entry == name) return "";  // copied from the bytes read above
        if (entry.front() == '.') return "a hidden file";
        if (is_folder) return "a folder (only the notebook's own files are copied)";
        return std::nullopt;
      });
  for (const auto& entry : siblings.skipped)
    skipped_.push_back(entry.relative + ": " + entry.reason);
  scratch_.emplace(sandbox::ScratchDir::create("validate"));
  const sandbox::UniqueFd dir = sandbox::open_directory(scratch_->path());
  for (const auto& [relative, bytes] : siblings.files)
    sandbox::write_file_beneath(dir.get(), relative, bytes, 0644, scratch_->path() / relative,
                                false);
  sandbox::write_file_beneath(dir.get(), name, notebook_text_, 0644, scratch_->path() / name,
                              false);
}

}  // namespace gradebox::autograde
