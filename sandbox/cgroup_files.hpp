// Small helpers to read and write cgroupfs control files (both cgroup versions), and to remove
// a cgroup directory once its processes are gone.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::sandbox::cgroup_files {

// Writes text to an existing control file; throws SetupError with path and errno text.
void write(const std::filesystem::path& file, const std::string& text);
// Same, but returns false instead of throwing.
bool try_write(const std::filesystem::path& file, const std::string& text);
std::optional<std::string> read(const std::filesystem::path& file);
std::optional<std::uint64_t> read_number(const std::filesystem::path& file);
// "key value" lines (memory.events, cpu.stat, oom_control): the value of key.
std::optional<std::uint64_t> read_keyed(const std::filesystem::path& file, const std::string& key);
std::vector<pid_t> read_pids(const std::filesystem::path& procs_file);
// The cgroup path of this process for a v1 controller ("memory") or v2 ("" for the 0:: line).
std::optional<std::string> own_cgroup_path(const std::string& controller);
// The mount point of a cgroup filesystem: v1 with the controller among its options, or v2.
std::optional<std::filesystem::path> mount_point(const std::string& controller);
// rmdir, retrying while the kernel still lists dying tasks. True when the directory is gone.
bool remove_dir(const std::filesystem::path& dir, std::chrono::milliseconds patience);
// A name unique to this process and run: "gradebox-<pid>-<counter>".
std::string unique_group_name();

}  // namespace gradebox::sandbox::cgroup_files
