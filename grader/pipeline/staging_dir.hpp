// A directory built aside and moved into place in one rename, or removed if never committed.
#pragma once

#include <filesystem>

namespace gradebox::pipeline {

class StagingDir {
 public:
  // Creates `<parent>/.<name>.partial-<pid>` (parents too) with the given permissions.
  StagingDir(const std::filesystem::path& parent, const std::string& name,
             std::filesystem::perms perms = std::filesystem::perms::owner_all |
                                            std::filesystem::perms::group_read |
                                            std::filesystem::perms::group_exec |
                                            std::filesystem::perms::others_read |
                                            std::filesystem::perms::others_exec);
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;
  ~StagingDir();

  const std::filesystem::path& path() const { return path_; }
  // Renames the staged directory to `target`. An existing `target` is first moved aside and
  // removed only after the rename succeeded, so a failure leaves the old content in place. The
  // parent directory is fsynced after the rename (the staged files are the caller's to sync).
  void commit_to(const std::filesystem::path& target);

 private:
  std::filesystem::path path_;
  bool committed_ = false;
};

}  // namespace gradebox::pipeline
