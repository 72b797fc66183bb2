// The private folder `gradebox validate` runs a notebook in. The caller's folder (a home folder,
// source/<a>/, anything) is only read: the notebook and its sibling regular files are read into
// memory without following links (sandbox/folder_files.hpp: no FIFOs, no devices, dot-files and
// sub-folders left out, sizes capped) and written into a fresh private sandbox::ScratchDir under
// the temporary directory. The session gets that copy as its working directory, so what
// student code writes (or chowns, when the runtime hands the folder to the sandbox user) is the
// copy, removed with this object. This holds whether validate runs as root or not.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/scratch_dir.hpp"

namespace gradebox::autograde {

struct ValidateCopyLimits {
  std::uintmax_t max_notebook_bytes = 32u << 20;
  std::uintmax_t max_file_bytes = 64u << 20;    // one data file
  std::uintmax_t max_total_bytes = 256u << 20;  // the notebook's folder together
};

class ValidateScratchCopy {
 public:
  // Throws sandbox::UnreadableFile when the notebook cannot be read (a link, not a regular file,
  // too large) and std::system_error / std::filesystem::filesystem_error when the copy cannot be
  // written.
  ValidateScratchCopy(const std::filesystem::path& notebook, const ValidateCopyLimits& limits);

  const std::filesystem::path& dir() const { return scratch_->path(); }
  const std::string& notebook_text() const { return notebook_text_; }
  // Sibling entries not copied, "name: why" (validate --json says them; not an error).
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::string notebook_text_;
  std::vector<std::string> skipped_;
  std::optional<sandbox::ScratchDir> scratch_;  // made once everything is read
};

}  // namespace gradebox::autograde
