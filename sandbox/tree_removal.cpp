// remove_tree_at (tree_removal.hpp).
#include "sandbox/tree_removal.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

namespace {

// Levels of open directory fds one pass holds at most.
constexpr int kMaxDepth = 64;

std::string failure(const char* what, const std::string& name, int error) {
  return std::string(what) + " " + name + ": " + std::strerror(error);
}

int open_directory(int parent_fd, const std::string& name) {
  return ::openat(parent_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// The entries of `dir_fd` with whether each is a directory (never a link to one).
std::vector<std::pair<std::string, bool>> entries(int dir_fd) {
  std::vector<std::pair<std::string, bool>> found;
  DIR* listing = ::fdopendir(::dup(dir_fd));
  if (!listing) return found;
  ::rewinddir(listing);
  while (const dirent* entry = ::readdir(listing)) {
    const std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    bool directory = entry->d_type == DT_DIR;
    struct stat st {};
    if (entry->d_type == DT_UNKNOWN &&
        ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
      directory = S_ISDIR(st.st_mode);
    found.emplace_back(name, directory);
  }
  ::closedir(listing);
  return found;
}

// A directory the owner made unreadable (chmod 000) is opened after giving it back u+rwx; as root
// no mode stops us.
int open_or_unlock(int parent_fd, const std::string& name) {
  int fd = open_directory(parent_fd, name);
  if (fd < 0 && errno == EACCES && ::fchmodat(parent_fd, name.c_str(), 0700, 0) == 0)
    fd = open_directory(parent_fd, name);
  return fd;
}

// Empties `dir_fd`. Directories at kMaxDepth are moved up to `top_fd` instead (`moved` set).
std::string empty_directory(int dir_fd, int top_fd, int depth, bool& moved) {
  static std::atomic<unsigned long> moved_count{0};
  for (const auto& [name, directory] : entries(dir_fd)) {
    if (!directory) {
      if (::unlinkat(dir_fd, name.c_str(), 0) != 0 && errno != ENOENT)
        return failure("cannot remove", name, errno);
      continue;
    }
    if (depth >= kMaxDepth) {
      const std::string up = ".gradebox-deep-" + std::to_string(++moved_count);
      if (::renameat(dir_fd, name.c_str(), top_fd, up.c_str()) != 0)
        return failure("cannot move up", name, errno);
      moved = true;
      continue;
    }
    UniqueFd child(open_or_unlock(dir_fd, name));
    if (child.get() < 0) {
      if (errno == ENOENT) continue;
      return failure("cannot open", name, errno);
    }
    if (auto problem = empty_directory(child.get(), top_fd, depth + 1, moved); !problem.empty())
      return problem;
    if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
      return failure("cannot remove", name, errno);
  }
  return "";
}

}  // namespace

std::string remove_tree_at(int parent_fd, const std::string& name) {
  UniqueFd top(open_or_unlock(parent_fd, name));
  if (top.get() < 0) {
    if (errno == ENOENT) return "";
    if (errno != ENOTDIR && errno != ELOOP) return failure("cannot open", name, errno);
    if (::unlinkat(parent_fd, name.c_str(), 0) != 0 && errno != ENOENT)
      return failure("cannot remove", name, errno);
    return "";
  }
  for (bool moved = true; moved;) {
    moved = false;
    if (auto problem = empty_directory(top.get(), top.get(), 1, moved); !problem.empty())
      return problem;
  }
  if (::unlinkat(parent_fd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
    return failure("cannot remove", name, errno);
  return "";
}

}  // namespace gradebox::sandbox
