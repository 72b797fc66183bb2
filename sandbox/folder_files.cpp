// Walking and reading a folder without following links (see folder_files.hpp).
#include "sandbox/folder_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "sandbox/directory_fd.hpp"

namespace gradebox::sandbox {
namespace {

std::string mib(std::uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

std::string setting(const std::string& where) {
  return where.empty() ? "" : " (" + where + ")";
}

class FolderWalk {
 public:
  FolderWalk(const FolderLimits& limits, const FolderVisitor& visitor)
      : limits_(limits), visitor_(visitor) {}

  void walk(int dir, const std::string& prefix, int depth) {
    std::vector<std::string> names;
    if (!list(dir, names))
      return skip(prefix.empty() ? "." : prefix, "cannot be listed: " + errno_text());
    for (const auto& name : names) visit(dir, name, prefix + name, depth);
  }

  std::vector<SkippedEntry> skipped;

 private:
  static std::string errno_text() { return std::strerror(errno); }

  static bool list(int dir, std::vector<std::string>& names) {
    UniqueFd listing(::fcntl(dir, F_DUPFD_CLOEXEC, 0));
    std::unique_ptr<DIR, int (*)(DIR*)> stream(listing ? ::fdopendir(listing.get()) : nullptr,
                                               ::closedir);
    if (!stream) return false;
    listing.release();          // owned by the stream now
    ::rewinddir(stream.get());  // a dup shares the offset: `dir` may have been listed before
    while (const dirent* entry = ::readdir(stream.get()))
      if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
        names.emplace_back(entry->d_name);
    std::sort(names.begin(), names.end());
    return true;
  }

  void skip(const std::string& relative, const std::string& reason) {
    skipped.push_back({relative, reason});
  }

  void visit(int dir, const std::string& name, const std::string& relative, int depth) {
    if (++entries_ > limits_.max_entries) {
      if (entries_ == limits_.max_entries + 1)
        skip(relative, "not read, nor anything after it: more than " +
                           std::to_string(limits_.max_entries) + " files and folders");
      return;
    }
    struct stat info {};
    if (::fstatat(dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0)
      return skip(relative, "cannot be examined: " + errno_text());
    if (visitor_.leave_out)
      if (auto reason = visitor_.leave_out(name, S_ISDIR(info.st_mode))) {
        if (!reason->empty()) skip(relative, *reason);
        return;
      }
    if (S_ISDIR(info.st_mode)) return enter(dir, name, relative, depth);
    if (!S_ISREG(info.st_mode))
      return skip(relative, describe_file_type(info.st_mode) + ", not read");
    take(dir, name, relative);
  }

  void enter(int dir, const std::string& name, const std::string& relative, int depth) {
    if (depth >= limits_.max_depth) return skip(relative, "not read: folders nested too deeply");
    const UniqueFd sub = open_entry(dir, name.c_str(), O_RDONLY | O_DIRECTORY);
    if (!sub) return skip(relative, "cannot be opened: " + errno_text());
    if (visitor_.enter_folder) visitor_.enter_folder(relative);
    walk(sub.get(), relative + "/", depth + 1);
  }

  void take(int dir, const std::string& name, const std::string& relative) {
    // Opened again as a regular file: the entry may have been swapped since fstatat.
    const RegularFile file = open_regular_file(dir, name);
    if (!file.problem.empty()) return skip(relative, file.problem + ", not read");
    const auto size = static_cast<std::uint64_t>(file.info.st_size);
    if (size > limits_.max_file_bytes)
      return skip(relative, "not read: " + std::to_string(size) + " bytes, over the " +
                                mib(limits_.max_file_bytes) + " per file" +
                                setting(limits_.file_cap_setting));
    if (total_ + size > limits_.max_total_bytes) {
      skip(relative, "not read: the folder is over " + mib(limits_.max_total_bytes) +
                         setting(limits_.total_cap_setting));
      skipped.back().over_total = true;
      return;
    }
    if (auto why = visitor_.take_file(relative, file.fd.get(), file.info); !why.empty())
      return skip(relative, why);
    total_ += size;
  }

  const FolderLimits& limits_;
  const FolderVisitor& visitor_;
  std::uint64_t total_ = 0;
  std::size_t entries_ = 0;
};

}  // namespace

std::vector<SkippedEntry> walk_folder(int dir, const FolderLimits& limits,
                                      const FolderVisitor& visitor) {
  FolderWalk walk(limits, visitor);
  walk.walk(dir, "", 0);
  return std::move(walk.skipped);
}

const SkippedEntry* FolderFiles::skipped_entry(const std::string& relative) const {
  for (const auto& entry : skipped)
    if (entry.relative == relative) return &entry;
  return nullptr;
}

FolderFiles read_folder_files(
    int dir, const FolderLimits& limits,
    std::function<std::optional<std::string>(const std::string&, bool)> leave_out) {
  FolderFiles folder;
  FolderVisitor visitor;
  visitor.leave_out = std::move(leave_out);
  visitor.take_file = [&folder](const std::string& relative, int fd, const struct stat& info) {
    std::string bytes;
    // At most the size seen: a file growing meanwhile cannot pass the caps.
    if (auto problem = read_at_most(fd, static_cast<std::uint64_t>(info.st_size), bytes);
        !problem.empty())
      return "cannot be read: " + problem;
    folder.files.emplace(relative, std::move(bytes));
    return std::string();
  };
  folder.skipped = walk_folder(dir, limits, visitor);
  return folder;
}

}  // namespace gradebox::sandbox
