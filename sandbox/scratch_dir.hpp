// Private scratch directories under the temp dir (a session's cwd, a zygote's HOME, a
// gradebox-run's default --rw dir), owned by a handle that removes them on every path out:
// destructor, constructor failure of whatever holds it, and, should the owning process be
// SIGKILLed, the sweep the next runtime makes when it starts.
//
// Name: gradebox-<kind>-<owner pid>-<owner start time>-XXXXXX (start time: field 22 of
// /proc/<pid>/stat, clock ticks since boot), so a sweep can tell a live owner from a dead one
// whose pid was reused. Removal never follows a link (tree_removal.hpp).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace gradebox::sandbox {

class ScratchDir {
 public:
  // Creates gradebox-<kind>-...-XXXXXX (mode 0700) in `parent`. Throws std::system_error naming
  // the parent.
  static ScratchDir create(std::string_view kind, const std::filesystem::path& parent =
                                                      std::filesystem::temp_directory_path());
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&& other) noexcept;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();

  const std::filesystem::path& path() const { return path_; }
  // Removes it now (idempotent); "" or what could not be removed.
  std::string remove();

 private:
  explicit ScratchDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// The start time of `pid` (field 22 of /proc/<pid>/stat); 0 when it does not exist.
unsigned long long process_start_time(pid_t pid);

// Removes the scratch directories in `parent` whose owner process is gone (no such pid, a zombie,
// or a pid started at another time). Only directories owned by this euid, or as root by
// `sandbox_uid` (a session's dir is handed to it), are touched. Returns how many were removed.
std::size_t sweep_abandoned_scratch_dirs(
    uid_t sandbox_uid,
    const std::filesystem::path& parent = std::filesystem::temp_directory_path());

}  // namespace gradebox::sandbox
