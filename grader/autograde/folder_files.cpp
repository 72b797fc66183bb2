// A submission's or source folder read with the course's caps (see folder_files.hpp).
#include "grader/autograde/folder_files.hpp"

#include "grader/pipeline/release.hpp"
#include "grader/records/sha256.hpp"
#include "sandbox/directory_fd.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;

FolderLimits folder_limits(const CourseConfig& config) {
  FolderLimits limits;
  limits.max_file_bytes = config.budgets.max_file_bytes;
  limits.max_total_bytes = config.budgets.max_submission_bytes;
  limits.file_cap_setting = "gradebox.toml autograde.max_file_mib";
  limits.total_cap_setting = "gradebox.toml autograde.max_submission_mib";
  return limits;
}

FolderFiles read_folder(
    const fs::path& base, const fs::path& below, const FolderLimits& limits,
    std::function<std::optional<std::string>(const std::string&, bool)> leave_out) {
  const sandbox::UniqueFd top = sandbox::open_directory_beneath(sandbox::open_directory(base).get(),
                                                                below, false, base / below);
  return sandbox::read_folder_files(
      top.get(), limits,
      [&leave_out](const std::string& name, bool is_folder) -> std::optional<std::string> {
        if (pipeline::is_ignored_name(name)) return "";
        return leave_out ? leave_out(name, is_folder) : std::nullopt;
      });
}

std::string folder_digest(const FolderFiles& folder) {
  std::string listing;
  for (const auto& [relative, bytes] : folder.files)
    listing += relative + '\0' + records::sha256_hex(bytes) + '\n';
  return records::sha256_hex(listing);
}

}  // namespace gradebox::autograde
