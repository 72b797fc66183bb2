// Whole-file reads and atomic writes (temp file in the same directory, fsync, rename, fsync of the
// directory) so a crash never leaves a half-written record, manifest or key behind.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace gradebox::records {

// Throws std::runtime_error with the path and errno text.
std::string read_file(const std::filesystem::path& path);

// Creates parent directories as needed; the file gets `mode` (before any byte is written, so a
// private key is never briefly readable by others).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           mode_t mode = 0644);

}  // namespace gradebox::records
