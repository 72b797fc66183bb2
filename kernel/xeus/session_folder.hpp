// The folder a kernel session runs in. Jupyter starts a kernel with cwd = the notebook's folder,
// and cells expect to read and write there (data files, saved results). Two rules:
//
// - Kernel not running as root (JupyterHub's case: the kernel runs as the student): the
//   session's cwd is that folder itself. The sandbox keeps the user's uid when it is not root, so
//   the session reads and writes the folder exactly as the user's own files; nothing is chowned,
//   and what a cell writes is there after a restart.
// - Kernel running as root: the sandbox drops to an unprivileged uid, and the kernel never hands
//   a caller's folder to that uid (docs/architecture.md, "Processes and trust"). The session's
//   cwd is a fresh private scratch seeded with a copy of the folder (sandbox/folder_files.hpp):
//   regular files only (links, devices and fifos are skipped; everything is read through directory
//   fds without following links), hidden folders skipped, at most 4 levels deep, 1000 files and
//   folders, 64 MiB per file and 256 MiB in all. What cells write stays in that scratch and is
//   removed with the session (a restart starts from a fresh copy). What is left out is named in the
//   kernel's log.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/scratch_dir.hpp"

namespace gradebox::kernel {

class SessionFolder {
 public:
  // The rule above for `folder` (the kernel's cwd). Throws std::runtime_error when a root
  // kernel cannot make its scratch.
  static SessionFolder for_folder(const std::filesystem::path& folder);

  // Dropping it removes the scratch copy, if any (after its session is closed).

  // The session's working directory.
  const std::filesystem::path& path() const { return path_; }
  // Root rule only: entries left out of the copy ("big.csv: over 64 MiB"), for the log.
  const std::vector<std::string>& left_out() const { return left_out_; }

 private:
  SessionFolder() = default;

  std::filesystem::path path_;
  std::optional<sandbox::ScratchDir> scratch_;  // root rule: the copy
  std::vector<std::string> left_out_;
};

}  // namespace gradebox::kernel
