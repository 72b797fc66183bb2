// Build-aside-then-rename directories for atomic releases and graded submissions.
#include "grader/pipeline/staging_dir.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "sandbox/directory_fd.hpp"
#include "sandbox/tree_removal.hpp"

namespace gradebox::pipeline {
namespace fs = std::filesystem;
using sandbox::open_directory;
using sandbox::open_directory_beneath;
using sandbox::open_entry;
using sandbox::throw_errno;

StagingDir::StagingDir(const fs::path& base, const fs::path& below, const std::string& name,
                       fs::perms perms)
    : name_(name), staged_name_("." + name + ".partial-" + std::to_string(::getpid())) {
  const fs::path parent_path = base / below;
  parent_ = open_directory_beneath(open_directory(base).get(), below, true, parent_path);
  path_ = parent_path / staged_name_;
  sandbox::remove_tree_at(parent_.get(), staged_name_);  // left by a crashed run with our pid
  if (::mkdirat(parent_.get(), staged_name_.c_str(), 0700) != 0)
    throw_errno("cannot create the staging directory", path_, errno);
  dir_ = open_entry(parent_.get(), staged_name_.c_str(), O_RDONLY | O_DIRECTORY);
  if (!dir_ || ::fchmod(dir_.get(), static_cast<mode_t>(perms)) != 0)
    throw_errno("cannot open the staging directory", path_, errno);
}

StagingDir::StagingDir(const fs::path& parent, const std::string& name, fs::perms perms)
    : StagingDir((fs::create_directories(parent), parent), fs::path(), name, perms) {}

StagingDir::~StagingDir() {
  if (!committed_) sandbox::remove_tree_at(parent_.get(), staged_name_);
}

void StagingDir::commit() {
  const fs::path target = path_.parent_path() / name_;
  const std::string old = "." + name_ + ".old-" + std::to_string(::getpid());
  ::fsync(dir_.get());
  struct stat existing {};
  const bool replacing =
      ::fstatat(parent_.get(), name_.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0;
  if (replacing) {
    sandbox::remove_tree_at(parent_.get(), old);
    if (::renameat(parent_.get(), name_.c_str(), parent_.get(), old.c_str()) != 0)
      throw_errno("cannot move the previous directory aside", target, errno);
  }
  if (::renameat(parent_.get(), staged_name_.c_str(), parent_.get(), name_.c_str()) != 0) {
    const int error = errno;
    if (replacing) ::renameat(parent_.get(), old.c_str(), parent_.get(), name_.c_str());
    throw_errno("cannot rename the staging directory into place", target, error);
  }
  committed_ = true;
  // A record signed after this must not outlive, in a crash, the directory it describes.
  ::fsync(parent_.get());
  if (replacing) sandbox::remove_tree_at(parent_.get(), old);
}

}  // namespace gradebox::pipeline
