// Build-aside-then-rename directories for atomic releases.
#include "grader/pipeline/staging_dir.hpp"

#include <unistd.h>

#include <string>

#include "grader/records/file_io.hpp"

namespace gradebox::pipeline {
namespace fs = std::filesystem;

StagingDir::StagingDir(const fs::path& parent, const std::string& name, fs::perms perms) {
  fs::create_directories(parent);
  path_ = parent / ("." + name + ".partial-" + std::to_string(::getpid()));
  fs::remove_all(path_);  // left over from a crashed run with the same pid
  fs::create_directory(path_);
  fs::permissions(path_, perms);
}

StagingDir::~StagingDir() {
  if (committed_) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

void StagingDir::commit_to(const fs::path& target) {
  fs::path old;
  if (fs::exists(fs::symlink_status(target))) {
    old = target.parent_path() / ("." + target.filename().string() + ".old-" +
                                  std::to_string(::getpid()));
    fs::remove_all(old);
    fs::rename(target, old);
  }
  try {
    fs::rename(path_, target);
  } catch (...) {
    if (!old.empty()) fs::rename(old, target);
    throw;
  }
  committed_ = true;
  // A record signed after this must not outlive, in a crash, the directory it describes.
  records::fsync_directory(target.parent_path());
  if (!old.empty()) fs::remove_all(old);
}

}  // namespace gradebox::pipeline
