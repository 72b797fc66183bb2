// A directory built aside and moved into place in one rename, or removed if never committed.
// Built and committed through directory fds: the parent is opened once, and the rename happens in
// that very directory, whatever links appear on the path meanwhile.
#pragma once

#include <filesystem>
#include <string>

#include "sandbox/unique_fd.hpp"

namespace gradebox::pipeline {

class StagingDir {
 public:
  static constexpr std::filesystem::perms kPublic =
      std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
      std::filesystem::perms::others_exec;

  // Creates `<base>/<below>/.<name>.partial-<pid>` with the given permissions. `base` is a
  // directory the caller trusts (links in it followed); every component of `below` is opened, or
  // created, without following links (a link there is an error).
  StagingDir(const std::filesystem::path& base, const std::filesystem::path& below,
             const std::string& name, std::filesystem::perms perms = kPublic);
  // The same with `parent` trusted as a whole (created as needed).
  StagingDir(const std::filesystem::path& parent, const std::string& name,
             std::filesystem::perms perms = kPublic);
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;
  ~StagingDir();

  const std::filesystem::path& path() const { return path_; }
  // The staged directory, to write into with sandbox/directory_fd.hpp.
  int fd() const { return dir_.get(); }
  // Renames the staged directory to `<parent>/<name>`. An existing one is first moved aside and
  // removed only after the rename succeeded, so a failure leaves the old content in place. The
  // staged directory and the parent are fsynced around the rename.
  void commit();

 private:
  sandbox::UniqueFd parent_;
  sandbox::UniqueFd dir_;
  std::filesystem::path path_;
  std::string name_;
  std::string staged_name_;
  bool committed_ = false;
};

}  // namespace gradebox::pipeline
