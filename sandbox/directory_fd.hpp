// Directories opened, and files opened, read and written, through directory fds without ever
// following a link below the directory the caller trusts: a symlink planted in a course tree or
// a notebook's folder (by a student, or by code a student ran) is refused, never followed; a
// FIFO or device is refused without blocking on it; reads are size-capped. The trusted side
// (grader and kernel) opens what a student could have written only through these.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

// Throws std::filesystem::filesystem_error(what, path, errno `error`).
[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path,
                              int error);

// Opens a directory the caller trusts (the course root as the instructor gave it, links
// followed). Throws std::filesystem::filesystem_error.
UniqueFd open_directory(const std::filesystem::path& dir);

// Opens one entry `name` of `dir` with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
// RESOLVE_NO_MAGICLINKS), or openat(O_NOFOLLOW) where openat2 is missing (ENOSYS). Returns an
// empty fd with errno set on failure (ELOOP for a link).
UniqueFd open_entry(int dir, const char* name, int flags);

// Opens every component of `relative` below `base` as a directory without following links,
// creating missing ones with `mode` when `create`. Throws std::filesystem::filesystem_error
// naming `shown` / the component (a planted link: "Too many levels of symbolic links").
UniqueFd open_directory_beneath(int base, const std::filesystem::path& relative, bool create,
                                const std::filesystem::path& shown, mode_t mode = 0755);

// "a symbolic link", "a FIFO", "a socket", "a device", "not a regular file".
std::string describe_file_type(mode_t mode);

// Entry `name` of `dir` opened for reading as a regular file (open_entry, non-blocking so a FIFO
// is never waited on, then checked on the open fd). `problem` is "" on success, else why not
// ("a symbolic link", "a FIFO", errno's text, ...) and `fd` is empty.
struct RegularFile {
  UniqueFd fd;
  struct stat info {};
  std::string problem;
};
RegularFile open_regular_file(int dir, const std::string& name);

// Appends up to `max_bytes` of `fd` to `bytes` (a file that shrank is read as it is now).
// Returns "" or errno's text.
std::string read_at_most(int fd, std::uint64_t max_bytes, std::string& bytes);

// A file the trusted side could not read as a regular file below its folder.
class UnreadableFile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The bytes of `root`/`relative`: `root` is opened as given (the caller's choice); every
// component of `relative` must be a real directory and, last, a regular file of at most
// `max_bytes`. Throws UnreadableFile naming the path and what is wrong.
std::string read_file_beneath(const std::filesystem::path& root,
                              const std::filesystem::path& relative, std::uint64_t max_bytes);

// Creates the new file `relative` below `dir` (parent directories 0755 as needed, no link
// followed, an existing entry is an error) holding `bytes`, with exactly `mode`; fsynced when
// `durable` (what a signed record describes; not a session's throw-away copies).
void write_file_beneath(int dir, const std::filesystem::path& relative, std::string_view bytes,
                        mode_t mode, const std::filesystem::path& shown, bool durable = true);

}  // namespace gradebox::sandbox
