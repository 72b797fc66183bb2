// A folder someone else could write (a submission, a notebook's folder) walked, or read into
// memory, by the trusted side before any code of theirs runs: through directory fds
// (directory_fd.hpp), never following a link, regular files only (a FIFO is opened non-blocking
// and left out, never read), size-, count- and depth-capped. What is left out is reported as
// data, by relative path. Entries are visited in name order.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::sandbox {

struct FolderLimits {
  std::uint64_t max_file_bytes = std::uint64_t{64} << 20;
  std::uint64_t max_total_bytes = std::uint64_t{256} << 20;
  std::size_t max_entries = 10'000;  // files and folders, taken or left out
  int max_depth = 32;                // levels of sub-folders entered (0: none)
  // Where the two byte caps are set, named when they leave a file out ("gradebox.toml ...").
  std::string file_cap_setting;
  std::string total_cap_setting;
};

struct SkippedEntry {
  std::string relative;     // e.g. "part2/problem2.ipynb"
  std::string reason;       // e.g. "a symbolic link, not read"
  bool over_total = false;  // left out because the folder reached max_total_bytes
};

// What a walk does with what it finds. Every member but take_file may be left empty.
struct FolderVisitor {
  // Before an entry is looked at: nullopt to take it, "" to leave it out silently, or the
  // reason it is left out (reported).
  std::function<std::optional<std::string>(const std::string& name, bool is_folder)> leave_out;
  // A sub-folder about to be entered ("part2").
  std::function<void(const std::string& relative)> enter_folder;
  // A regular file within the caps, open for reading; returns "" when taken, else why not.
  std::function<std::string(const std::string& relative, int fd, const struct stat& info)>
      take_file;
};

// Walks the folder `dir`; returns what was left out (not silently).
std::vector<SkippedEntry> walk_folder(int dir, const FolderLimits& limits,
                                      const FolderVisitor& visitor);

struct FolderFiles {
  std::map<std::string, std::string> files;  // relative path -> bytes, sorted by path
  std::vector<SkippedEntry> skipped;

  // Why `relative` was not read, when it was skipped.
  const SkippedEntry* skipped_entry(const std::string& relative) const;
};

// The regular files of the folder `dir` read into memory (walk_folder; `leave_out` as there).
FolderFiles read_folder_files(
    int dir, const FolderLimits& limits,
    std::function<std::optional<std::string>(const std::string&, bool)> leave_out = {});

}  // namespace gradebox::sandbox
