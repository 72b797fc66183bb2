// Directory-fd access without following links (see directory_fd.hpp).
#include "sandbox/directory_fd.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace gradebox::sandbox {
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
  if (fd < 0 && errno == ENOSYS) fd = ::openat(dir, name, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
  return UniqueFd(fd);
}

UniqueFd open_directory_beneath(int base, const fs::path& relative, bool create,
                                const fs::path& shown, mode_t mode) {
  UniqueFd current(::fcntl(base, F_DUPFD_CLOEXEC, 0));
  if (!current) throw_errno("cannot duplicate a directory fd", shown, errno);
  for (const auto& component : relative) {
    const std::string name = component.string();
    if (name.empty() || name == ".") continue;
    if (name == ".." || name == "/") throw_errno("refusing '" + name + "' in", shown, EINVAL);
    if (create && ::mkdirat(current.get(), name.c_str(), mode) != 0 && errno != EEXIST)
      throw_errno("cannot create directory '" + name + "' in", shown, errno);
    UniqueFd next = open_entry(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY);
    if (!next)
      throw_errno("cannot open directory '" + name + "' (links are not followed) in", shown, errno);
    current = std::move(next);
  }
  return current;
}

std::string describe_file_type(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISDIR(mode)) return "a folder";
  return "not a regular file";
}

RegularFile open_regular_file(int dir, const std::string& name) {
  RegularFile file;
  file.fd = open_entry(dir, name.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY);
  if (!file.fd) {
    file.problem = errno == ELOOP ? describe_file_type(S_IFLNK) : std::strerror(errno);
  } else if (::fstat(file.fd.get(), &file.info) != 0) {
    file.problem = std::strerror(errno);
  } else if (!S_ISREG(file.info.st_mode)) {
    file.problem = describe_file_type(file.info.st_mode);
  }
  if (!file.problem.empty()) file.fd.reset();
  return file;
}

std::string read_at_most(int fd, std::uint64_t max_bytes, std::string& bytes) {
  char buffer[65536];
  for (std::uint64_t left = max_bytes; left > 0;) {
    const ssize_t n = ::read(fd, buffer, left < sizeof buffer ? left : sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::strerror(errno);
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
    left -= static_cast<std::uint64_t>(n);
  }
  return "";
}

std::string read_file_beneath(const fs::path& root, const fs::path& relative,
                              std::uint64_t max_bytes) {
  const std::string shown = (root / relative).string();
  if (!relative.has_filename()) throw UnreadableFile(shown + ": no file named");
  UniqueFd dir;
  try {
    dir = open_directory_beneath(open_directory(root).get(), relative.parent_path(), false, shown);
  } catch (const fs::filesystem_error& e) {
    throw UnreadableFile(shown + ": not read: " + e.code().message() +
                         " (a folder on the way is missing or a symbolic link, not followed)");
  }
  const RegularFile file = open_regular_file(dir.get(), relative.filename().string());
  if (!file.problem.empty()) throw UnreadableFile(shown + ": not read: " + file.problem);
  std::string bytes;
  if (auto problem = read_at_most(file.fd.get(), max_bytes + 1, bytes); !problem.empty())
    throw UnreadableFile(shown + ": not read: " + problem);
  if (bytes.size() > max_bytes)
    throw UnreadableFile(shown + ": not read: larger than " + std::to_string(max_bytes) + " bytes");
  return bytes;
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

}  // namespace gradebox::sandbox
