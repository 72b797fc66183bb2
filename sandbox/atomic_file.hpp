// A file replaced atomically through its directory's fd: written to a temp file beside it (the
// mode set before any byte is written, so a private key is never briefly readable), fsynced,
// then renamed over the name in that same directory, whatever links appear on the path
// meanwhile. A crash leaves the old file or the new one, never half of one. The one atomic
// write of the code base (records, keys, feedback pages, metrics, notebooks).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "sandbox/unique_fd.hpp"

namespace gradebox::sandbox {

class AtomicFile {
 public:
  // Writes `bytes` with `mode` into a new temp file ".<name>.<random>" of the directory `dir`
  // and fsyncs it. Throws std::filesystem::filesystem_error naming `shown`.
  AtomicFile(int dir, std::string name, std::string_view bytes, mode_t mode,
             std::filesystem::path shown);
  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temp file unless committed

  // Renames the temp file over `name`. The directory is not fsynced (fsync_directory).
  void commit();
  int directory() const { return dir_.get(); }

 private:
  UniqueFd dir_;
  std::string name_;
  std::string temp_;
  std::filesystem::path shown_;
};

// Makes renames into the directory `dir` durable (best effort: they are already visible).
void fsync_directory(int dir);

// One file: AtomicFile, commit, fsync of the directory.
void write_file_atomically(int dir, const std::string& name, std::string_view bytes, mode_t mode,
                           const std::filesystem::path& shown);

}  // namespace gradebox::sandbox
