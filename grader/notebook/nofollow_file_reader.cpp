// Owns opening files without following links (see nofollow_file_reader.hpp).
#include "grader/notebook/nofollow_file_reader.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "kernel/protocol/unique_fd.hpp"

namespace gradebox::notebook {
namespace fs = std::filesystem;
using protocol::UniqueFd;

namespace {

std::string errno_text(int error) {
  return std::strerror(error);
}

UniqueFd open_directory(const fs::path& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw NofollowReadError(dir.string() + ": cannot open the folder: " + errno_text(errno));
  return fd;
}

// Opens `name` in `dir_fd` as a regular file; "" and the fd on success, else why not.
std::string open_regular(int dir_fd, const std::string& name, UniqueFd& out, struct stat& st) {
  UniqueFd fd(::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return errno == ELOOP ? "a symbolic link (not followed)" : errno_text(errno);
  if (::fstat(fd.get(), &st) != 0) return errno_text(errno);
  if (!S_ISREG(st.st_mode)) return "not a regular file";
  out = std::move(fd);
  return "";
}

// Reads at most max_bytes; "" and the bytes, else why not.
std::string read_capped(int fd, std::uintmax_t max_bytes, std::string& bytes) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_text(errno);
    if (n == 0) return "";
    if (bytes.size() + static_cast<std::size_t>(n) > max_bytes)
      return "larger than " + std::to_string(max_bytes) + " bytes";
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string read_regular_file_beneath(const fs::path& root, const fs::path& relative,
                                      std::uintmax_t max_bytes) {
  UniqueFd dir = open_directory(root);
  std::vector<std::string> parts;
  for (const auto& part : relative) {
    const std::string name = part.string();
    if (name.empty() || name == ".") continue;
    if (name == ".." || name == "/")
      throw NofollowReadError((root / relative).string() + ": the path leaves " + root.string());
    parts.push_back(name);
  }
  if (parts.empty()) throw NofollowReadError(root.string() + ": no file named");
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    UniqueFd next(
        ::openat(dir.get(), parts[i].c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next)
      throw NofollowReadError(
          (root / relative).string() + ": " + parts[i] +
          " is not a real folder (symbolic links are not followed): " + errno_text(errno));
    dir = std::move(next);
  }
  UniqueFd file;
  struct stat st {};
  if (auto why = open_regular(dir.get(), parts.back(), file, st); !why.empty())
    throw NofollowReadError((root / relative).string() + ": not read: " + why);
  std::string bytes;
  if (auto why = read_capped(file.get(), max_bytes, bytes); !why.empty())
    throw NofollowReadError((root / relative).string() + ": not read: " + why);
  return bytes;
}

DirectoryFiles read_regular_files_in(const fs::path& dir, std::uintmax_t max_file_bytes,
                                     std::uintmax_t max_total_bytes) {
  UniqueFd dir_fd = open_directory(dir);
  std::vector<std::string> names;
  {
    DIR* stream = ::fdopendir(::dup(dir_fd.get()));
    if (stream == nullptr)
      throw NofollowReadError(dir.string() + ": cannot list the folder: " + errno_text(errno));
    while (const dirent* entry = ::readdir(stream)) names.emplace_back(entry->d_name);
    ::closedir(stream);
  }
  std::sort(names.begin(), names.end());
  DirectoryFiles out;
  std::uintmax_t total = 0;
  for (const auto& name : names) {
    if (name == "." || name == "..") continue;
    if (name.front() == '.') {
      out.skipped.push_back(name + ": a hidden file");
      continue;
    }
    UniqueFd file;
    struct stat st {};
    std::string bytes;
    std::string why = open_regular(dir_fd.get(), name, file, st);
    if (why.empty() && total + static_cast<std::uintmax_t>(st.st_size) > max_total_bytes)
      why = "the folder's files exceed " + std::to_string(max_total_bytes) + " bytes together";
    if (why.empty()) why = read_capped(file.get(), max_file_bytes, bytes);
    if (why.empty() && total + bytes.size() > max_total_bytes)
      why = "the folder's files exceed " + std::to_string(max_total_bytes) + " bytes together";
    if (!why.empty()) {
      out.skipped.push_back(name + ": " + why);
      continue;
    }
    total += bytes.size();
    out.files.push_back({name, std::move(bytes)});
  }
  return out;
}

}  // namespace gradebox::notebook
