// cgroup v2 resource control (level `cgroup2`) in a delegated subtree: memory.max,
// memory.swap.max=0, pids.max, cpu.max; memory.events oom_kill; cgroup.kill; memory.peak.
//
// Verbs, as in every mechanism file:
//   detect(parent)     is `parent` a delegated cgroup whose subtree_control can hold memory,
//                      pids (and cpu)? Enables them there when possible. The parent defaults to
//                      this process's own cgroup; tests pass a fake cgroupfs directory.
//   Group::prepare()   the parent creates the run's group and writes the limits
//   Group::procs_files the file a child writes "0" to, to join (fork-without-exec path)
//   Group::adopt(pid)  the parent moves a process in
//   Group::kill_all()  cgroup.kill (falls back to freeze + SIGKILL on kernels before 5.14)
//   Group::collect()   memory.peak, memory.events oom_kill/max, cpu.stat usage_usec
//   ~Group()           kills what is left and removes the directory
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"
#include "sandbox/resource_usage.hpp"

namespace gradebox::sandbox::cgroup2 {

struct Delegation {
  std::filesystem::path parent;  // runs get "<parent>/gradebox-<pid>-<n>"
  bool cpu = false;              // cpu.max can be set
};

struct Detection {
  std::optional<Delegation> delegation;  // set when memory and pids are usable
  std::string reason;
};

// The cgroup2 directory of this process (mount point + /proc/self/cgroup "0::" path).
std::optional<std::filesystem::path> own_cgroup_dir();
// Checks `parent` (a cgroup2 directory): writable, and memory+pids in cgroup.subtree_control
// (enabling them from cgroup.controllers when allowed). Never moves processes.
Detection detect(const std::filesystem::path& parent);

class Group {
 public:
  static Group prepare(const Policy& policy, const Delegation& where);
  // The group alone, without limits: only the core v2 interface (cgroup.procs, cgroup.kill,
  // cgroup.events, cgroup.freeze, cpu.stat), which every v2 group has even when the hierarchy
  // has no controllers. prepare() starts with it; tests use it where no controller is delegated.
  static Group create(const std::filesystem::path& parent);
  Group(Group&& other) noexcept;
  Group& operator=(Group&&) = delete;
  ~Group();

  const std::filesystem::path& dir() const { return dir_; }
  std::vector<std::filesystem::path> procs_files() const;
  void adopt(pid_t pid) const;
  void kill_all() const;
  bool empty() const;
  ResourceUsage collect() const;

 private:
  Group() = default;
  std::filesystem::path dir_;
  std::uint64_t memory_limit_ = 0;
};

}  // namespace gradebox::sandbox::cgroup2
