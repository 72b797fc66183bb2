// cgroup v1 resource control (level `cgroup1`): memory (+memsw when present, so no swap),
// pids, freezer for killing the whole tree, cpuacct for CPU time when mounted.
//
// Verbs, as in every mechanism file:
//   detect()           what this host offers (parent, before a run)
//   Group::prepare()   the parent creates the run's groups and writes the limits
//   Group::join_files  the files a child writes "0" to, to join (fork-without-exec path)
//   Group::adopt(pid)  the parent moves a process in
//   Group::kill_all()  freeze, SIGKILL every member, thaw: nothing can fork away meanwhile
//   Group::collect()   peak memory (memory.max_usage_in_bytes), failcnt, oom_kill, cpu
//   ~Group()           kills what is left and removes every directory
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/policy.hpp"
#include "sandbox/resource_usage.hpp"

namespace gradebox::sandbox::cgroup1 {

// Parent directories (controller mount + this process's own group) new groups are created in.
struct Hierarchies {
  std::filesystem::path memory;
  std::filesystem::path pids;
  std::filesystem::path freezer;  // empty when not mounted/writable
  std::filesystem::path cpuacct;  // empty when not mounted/writable
  bool memsw = false;             // memory.memsw.* present (swap accounting)
};

struct Detection {
  std::optional<Hierarchies> hierarchies;  // set when memory and pids are writable
  std::string reason;                      // why not, or what was found
};

// thorough: prove writability by creating and removing a scratch group in each controller;
// otherwise access(2) on the parent directories (cheaper, for the hot path of a run).
Detection detect(bool thorough = true);

class Group {
 public:
  // Creates one group per controller and writes the policy's limits; throws SetupError.
  static Group prepare(const Policy& policy, const Hierarchies& where);
  Group(Group&& other) noexcept;
  Group& operator=(Group&&) = delete;
  ~Group();

  // Each group's `tasks` file. Writing "0" there moves only the calling thread, and a
  // single-thread move skips the kernel's global threadgroup lock, whose write side waits for an
  // RCU grace period (10-15 ms per join on a busy 2-CPU VM, 0.1 ms this way). The joining child
  // is single-threaded (it was just forked), so its one thread is the whole process.
  std::vector<std::filesystem::path> join_files() const;
  void adopt(pid_t pid) const;
  void kill_all() const;
  bool empty() const;
  ResourceUsage collect() const;

 private:
  Group() = default;
  std::vector<std::filesystem::path> dirs_;  // every created group, memory first
  std::filesystem::path memory_, pids_, freezer_, cpuacct_;
  std::uint64_t memory_limit_ = 0;
};

}  // namespace gradebox::sandbox::cgroup1
