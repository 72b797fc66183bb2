// `release/<assignment>.tar.gz` (libarchive), for LMS upload or student download.
#pragma once

#include <filesystem>
#include <string>

namespace gradebox::pipeline {

// Writes a gzip'd pax tar of every file under `dir`, stored as `<prefix>/<relative path>`,
// in sorted path order. Throws std::runtime_error naming the file on failure.
void write_tar_gz(const std::filesystem::path& dir, const std::string& prefix,
                  const std::filesystem::path& archive);

}  // namespace gradebox::pipeline
