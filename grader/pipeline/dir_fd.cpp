// Directory-fd access without following links (see dir_fd.hpp).
#include "grader/pipeline/dir_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>
#include <system_error>

namespace gradebox::pipeline {
namespace fs = std::filesystem;
void throw_errno(const std::string& what, const fs::path& path, int error) {
  throw fs::filesystem_error(what, path, std::error_code(error, std::generic_category()));
}

UniqueFd open_directory(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw_errno("cannot open directory", dir, errno);
  return fd;
}

UniqueFd open_entry(int dir, const char* name, int flags) {
  open_how how{};
  how.flags = static_cast<std::uint64_t>(flags | O_NOFOLLOW | O_CLOEXEC);
  how.mode = (flags & O_CREAT) ? 0600 : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  int fd;
  do fd = static_cast<int>(::syscall(SYS_openat2, dir, name, &how, sizeof how));
  while (fd < 0 && errno == EINTR);
  if (fd < 0 && errno == ENOSYS)
    fd = ::openat(dir, name, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
  return UniqueFd(fd);
}

UniqueFd open_directory_beneath(int base, const fs::path& relative, bool create,
                                const fs::path& shown, mode_t mode) {
  UniqueFd current(::fcntl(base, F_DUPFD_CLOEXEC, 0));
  if (!current) throw_errno("cannot duplicate a directory fd", shown, errno);
  for (const auto& component : relative) {
    const std::string name = component.string();
    if (name.empty() || name == ".") continue;
    if (name == "..") throw_errno("refusing '..' in", shown, EINVAL);
    if (create && ::mkdirat(current.get(), name.c_str(), mode) != 0 && errno != EEXIST)
      throw_errno("cannot create directory '" + name + "' in", shown, errno);
    UniqueFd next = open_entry(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY);
    if (!next) throw_errno("cannot open directory '" + name + "' (links are not followed) in", shown, errno);
    current = std::move(next);
  }
  return current;
}

void write_file_beneath(int dir, const fs::path& relative, std::string_view bytes, mode_t mode,
                        const fs::path& shown, bool durable) {
  const UniqueFd parent = open_directory_beneath(dir, relative.parent_path(), true, shown);
  const std::string name = relative.filename().string();
  UniqueFd file = open_entry(parent.get(), name.c_str(), O_WRONLY | O_CREAT | O_EXCL);
  if (!file) throw_errno("cannot create", shown, errno);
  if (::fchmod(file.get(), mode) != 0) throw_errno("cannot set the mode of", shown, errno);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(file.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("cannot write", shown, errno);
    done += static_cast<std::size_t>(n);
  }
  if (durable && ::fsync(file.get()) != 0) throw_errno("cannot fsync", shown, errno);
}

void remove_tree_beneath(int dir, const std::string& name) {
  struct stat st {};
  if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return;
  if (!S_ISDIR(st.st_mode)) {
    ::unlinkat(dir, name.c_str(), 0);
    return;
  }
  if ((st.st_mode & S_IRWXU) != S_IRWXU) ::fchmodat(dir, name.c_str(), S_IRWXU, 0);
  if (UniqueFd sub = open_entry(dir, name.c_str(), O_RDONLY | O_DIRECTORY)) {
    std::vector<std::string> names;
    UniqueFd listed(::fcntl(sub.get(), F_DUPFD_CLOEXEC, 0));
    if (DIR* listing = listed ? ::fdopendir(listed.get()) : nullptr) {
      listed.release();  // the stream owns it
      while (const dirent* entry = ::readdir(listing))
        if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
          names.emplace_back(entry->d_name);
      ::closedir(listing);
    }
    for (const auto& child : names) remove_tree_beneath(sub.get(), child);
  }
  ::unlinkat(dir, name.c_str(), AT_REMOVEDIR);
}

}  // namespace gradebox::pipeline
