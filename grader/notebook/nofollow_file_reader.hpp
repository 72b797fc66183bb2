// Reading files that someone else could have replaced with a link, a FIFO or a device: the
// trusted side opens them one path component at a time with O_NOFOLLOW (a symlink anywhere below
// the given root is refused), accepts regular files only (a FIFO is opened non-blocking and
// refused, never read), and caps the size before reading. Problems are thrown as
// NofollowReadError naming the path and what is wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace gradebox::notebook {

class NofollowReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes of `root`/`relative`. `root` itself is opened as given (the caller's choice); every
// component of `relative` must be a real directory or, last, a regular file of at most max_bytes.
std::string read_regular_file_beneath(const std::filesystem::path& root,
                                      const std::filesystem::path& relative,
                                      std::uintmax_t max_bytes);

struct DirectoryFile {
  std::string name;
  std::string bytes;
};

struct DirectoryFiles {
  std::vector<DirectoryFile> files;  // sorted by name
  std::vector<std::string> skipped;  // "name: why" for every entry not taken
};

// The regular files directly in `dir` (no recursion, dot-files skipped, links/FIFOs/devices
// skipped): each at most max_file_bytes, together at most max_total_bytes (further files skipped).
DirectoryFiles read_regular_files_in(const std::filesystem::path& dir,
                                     std::uintmax_t max_file_bytes, std::uintmax_t max_total_bytes);

}  // namespace gradebox::notebook
