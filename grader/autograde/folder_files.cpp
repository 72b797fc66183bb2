// Reading a folder into memory without following links (see folder_files.hpp).
#include "grader/autograde/folder_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "grader/pipeline/dir_fd.hpp"
#include "grader/pipeline/release.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::autograde {
namespace fs = std::filesystem;
using pipeline::UniqueFd;

namespace {

constexpr int kMaxDepth = 32;

std::string kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

class FolderReader {
 public:
  FolderReader(const FolderLimits& limits, FolderFiles& out) : limits_(limits), out_(out) {}

  void read_dir(int dir, const std::string& prefix, int depth) {
    UniqueFd listing(::fcntl(dir, F_DUPFD_CLOEXEC, 0));
    std::unique_ptr<DIR, int (*)(DIR*)> stream(listing ? ::fdopendir(listing.get()) : nullptr,
                                               ::closedir);
    if (!stream) return skip(prefix.empty() ? "." : prefix, "cannot be listed: " + errno_text());
    listing.release();  // owned by the stream now
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(stream.get())) {
      const std::string name = entry->d_name;
      if (name != "." && name != ".." && !pipeline::is_ignored_name(name)) names.push_back(name);
    }
    for (const auto& name : names) read_entry(dir, name, prefix + name, depth);
  }

 private:
  static std::string errno_text() { return std::strerror(errno); }

  void skip(const std::string& relative, const std::string& reason) {
    out_.skipped.push_back({relative, reason});
  }

  void read_entry(int dir, const std::string& name, const std::string& relative, int depth) {
    if (++entries_ > limits_.max_entries) {
      if (entries_ == limits_.max_entries + 1)
        skip(relative, "not read, nor anything after it: more than " +
                           std::to_string(limits_.max_entries) + " files and folders");
      return;
    }
    struct stat st {};
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return skip(relative, "cannot be examined: " + errno_text());
    if (S_ISDIR(st.st_mode)) {
      if (depth >= kMaxDepth) return skip(relative, "not read: folders nested too deeply");
      const UniqueFd sub = pipeline::open_entry(dir, name.c_str(), O_RDONLY | O_DIRECTORY);
      if (!sub) return skip(relative, "cannot be opened: " + errno_text());
      return read_dir(sub.get(), relative + "/", depth + 1);
    }
    if (!S_ISREG(st.st_mode)) return skip(relative, kind_of(st.st_mode) + ", not read");
    read_file(dir, name, relative);
  }

  void read_file(int dir, const std::string& name, const std::string& relative) {
    // Non-blocking: an entry swapped for a FIFO since fstatat must not hang us before fstat.
    const UniqueFd file = pipeline::open_entry(dir, name.c_str(), O_RDONLY | O_NONBLOCK);
    struct stat st {};
    if (!file || ::fstat(file.get(), &st) != 0)
      return skip(relative, "cannot be opened: " + errno_text());
    if (!S_ISREG(st.st_mode)) return skip(relative, kind_of(st.st_mode) + ", not read");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    if (size > limits_.max_file_bytes)
      return skip(relative, "not read: " + std::to_string(size) + " bytes, over the " +
                                mib(limits_.max_file_bytes) +
                                " per file (gradebox.toml autograde.max_file_mib)");
    if (total_ + size > limits_.max_total_bytes) {
      skip(relative, "not read: the folder is over " + mib(limits_.max_total_bytes) +
                         " (gradebox.toml autograde.max_submission_mib)");
      out_.skipped.back().over_total = true;
      return;
    }
    std::string bytes(size, '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {  // a file that shrank meanwhile is read as it is now
      const ssize_t n = ::read(file.get(), bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return skip(relative, "cannot be read: " + errno_text());
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    total_ += done;
    out_.files.emplace(relative, std::move(bytes));
  }

  const FolderLimits& limits_;
  FolderFiles& out_;
  std::uint64_t total_ = 0;
  std::size_t entries_ = 0;
};

}  // namespace

FolderLimits folder_limits(const CourseConfig& config) {
  FolderLimits limits;
  limits.max_file_bytes = config.budgets.max_file_bytes;
  limits.max_total_bytes = config.budgets.max_submission_bytes;
  return limits;
}

std::string FolderFiles::digest() const {
  std::string listing;
  for (const auto& [relative, bytes] : files)
    listing += relative + '\0' + records::sha256_hex(bytes) + '\n';
  return records::sha256_hex(listing);
}

const SkippedEntry* FolderFiles::skipped_entry(const std::string& relative) const {
  for (const auto& entry : skipped)
    if (entry.relative == relative) return &entry;
  return nullptr;
}

FolderFiles read_folder(const fs::path& base, const fs::path& below, const FolderLimits& limits) {
  const UniqueFd top =
      pipeline::open_directory_beneath(pipeline::open_directory(base).get(), below, false, base / below);
  FolderFiles folder;
  FolderReader(limits, folder).read_dir(top.get(), "", 0);
  return folder;
}

}  // namespace gradebox::autograde
