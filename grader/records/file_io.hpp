// Whole-file reads and atomic writes by path (sandbox/atomic_file.hpp: temp file in the same
// directory, fsync, rename through the directory's fd, fsync of the directory) so a crash never
// leaves a half-written record, manifest or key behind.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace gradebox::records {

// Throws std::runtime_error with the path and errno text.
std::string read_file(const std::filesystem::path& path);

// Creates parent directories as needed; the file gets `mode` (before any byte is written, so a
// private key is never briefly readable by others).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           mode_t mode = 0644);

struct FileContent {
  std::filesystem::path path;
  std::string_view bytes;
};

// Each file atomically, as write_file_atomically, with one fsync per directory rather than per
// file: every temp file is written and fsynced, then all are renamed, then each directory they
// share is fsynced once. A failure before the renames leaves none of the files replaced.
void write_files_atomically(std::span<const FileContent> files, mode_t mode = 0644);

}  // namespace gradebox::records
