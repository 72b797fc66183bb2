// cgroup v1 groups: creation with limits, freezer-based tree kill, usage collection, removal.
#include "sandbox/cgroup1.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "sandbox/cgroup_files.hpp"
#include "sandbox/setup_error.hpp"

namespace gradebox::sandbox::cgroup1 {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// The controller's parent directory for our groups, if mounted and writable.
std::optional<fs::path> writable_parent(const std::string& controller, bool thorough,
                                        std::string& reason) {
  const auto mount = cgroup_files::mount_point(controller);
  const auto own = cgroup_files::own_cgroup_path(controller);
  if (!mount || !own) {
    reason += controller + ": not mounted; ";
    return std::nullopt;
  }
  const fs::path parent = *mount / fs::path(*own).relative_path();
  if (!thorough) {
    if (::access(parent.c_str(), W_OK) == 0) return parent;
    reason += fmt::format("{}: {} is not writable: {}; ", controller, parent.string(),
                          std::strerror(errno));
    return std::nullopt;
  }
  const fs::path scratch = parent / cgroup_files::unique_group_name();
  if (::mkdir(scratch.c_str(), 0755) != 0) {
    reason += fmt::format("{}: cannot create a group in {}: {}; ", controller, parent.string(),
                          std::strerror(errno));
    return std::nullopt;
  }
  ::rmdir(scratch.c_str());
  return parent;
}

fs::path make_group(const fs::path& parent, const std::string& name) {
  cgroup_files::remove_stale_groups(parent);
  const fs::path dir = parent / name;
  if (::mkdir(dir.c_str(), 0755) != 0)
    throw_errno("cannot create cgroup", dir.string(), errno,
                "cgroup v1 needs root or a writable controller hierarchy; try --level rlimit");
  return dir;
}

}  // namespace

Detection detect(bool thorough) {
  Detection d;
  std::string reason;
  auto memory = writable_parent("memory", thorough, reason);
  auto pids = writable_parent("pids", thorough, reason);
  if (memory && pids) {
    Hierarchies h;
    h.memory = *memory;
    h.pids = *pids;
    h.freezer = writable_parent("freezer", thorough, reason).value_or(fs::path());
    h.cpuacct = writable_parent("cpuacct", thorough, reason).value_or(fs::path());
    h.memsw = fs::exists(h.memory / "memory.memsw.limit_in_bytes");
    reason += fmt::format("memory {}{}, pids {}, freezer {}, cpuacct {}", h.memory.string(),
                          h.memsw ? " (+memsw)" : "", h.pids.string(),
                          h.freezer.empty() ? "absent" : h.freezer.string(),
                          h.cpuacct.empty() ? "absent" : h.cpuacct.string());
    d.hierarchies = h;
  }
  d.reason = reason;
  return d;
}

Group Group::prepare(const Policy& policy, const Hierarchies& where) {
  Group g;
  const std::string name = cgroup_files::unique_group_name();
  g.memory_limit_ = policy.limits.memory_bytes;
  g.memory_ = make_group(where.memory, name);
  g.dirs_.push_back(g.memory_);
  g.pids_ = make_group(where.pids, name);
  g.dirs_.push_back(g.pids_);
  if (!where.freezer.empty()) {
    g.freezer_ = make_group(where.freezer, name);
    g.dirs_.push_back(g.freezer_);
  }
  if (!where.cpuacct.empty()) {
    g.cpuacct_ = make_group(where.cpuacct, name);
    g.dirs_.push_back(g.cpuacct_);
  }
  const std::string bytes = std::to_string(policy.limits.memory_bytes);
  cgroup_files::write(g.memory_ / "memory.limit_in_bytes", bytes);
  // memsw = memory + swap; equal limits mean no swap at all. Must follow limit_in_bytes.
  if (where.memsw) cgroup_files::write(g.memory_ / "memory.memsw.limit_in_bytes", bytes);
  cgroup_files::try_write(g.memory_ / "memory.swappiness", "0");
  cgroup_files::write(g.pids_ / "pids.max", std::to_string(policy.limits.pids));
  return g;
}

Group::Group(Group&& other) noexcept
    : dirs_(std::move(other.dirs_)),
      memory_(std::move(other.memory_)),
      pids_(std::move(other.pids_)),
      freezer_(std::move(other.freezer_)),
      cpuacct_(std::move(other.cpuacct_)),
      memory_limit_(other.memory_limit_) {
  other.dirs_.clear();
}

Group::~Group() {
  if (dirs_.empty()) return;
  kill_all();
  // Children first would matter for nested groups; ours are flat, one per controller.
  for (const auto& dir : dirs_) cgroup_files::remove_dir(dir, 2s);
}

std::vector<fs::path> Group::join_files() const {
  std::vector<fs::path> files;
  for (const auto& dir : dirs_) files.push_back(dir / "tasks");
  return files;
}

void Group::adopt(pid_t pid) const {
  // Another process, possibly multi-threaded: cgroup.procs moves all of its threads.
  for (const auto& dir : dirs_) cgroup_files::write(dir / "cgroup.procs", std::to_string(pid));
}

bool Group::empty() const {
  return cgroup_files::read_pids(pids_ / "cgroup.procs").empty();
}

void Group::kill_all() const {
  if (empty()) return;  // the common case after a pid namespace's init exited
  const bool freeze = !freezer_.empty();
  // Frozen tasks cannot fork, so one pass over cgroup.procs catches the whole tree.
  if (freeze) {
    cgroup_files::try_write(freezer_ / "freezer.state", "FROZEN");
    const auto deadline = std::chrono::steady_clock::now() + 200ms;
    while (cgroup_files::read(freezer_ / "freezer.state").value_or("FROZEN").rfind("FROZEN", 0) !=
               0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(1ms);
  }
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  do {
    for (pid_t pid : cgroup_files::read_pids(pids_ / "cgroup.procs")) ::kill(pid, SIGKILL);
    if (freeze) cgroup_files::try_write(freezer_ / "freezer.state", "THAWED");
    if (empty()) return;
    std::this_thread::sleep_for(1ms);
  } while (std::chrono::steady_clock::now() < deadline);
}

ResourceUsage Group::collect() const {
  ResourceUsage u;
  u.peak_memory_bytes = cgroup_files::read_number(memory_ / "memory.max_usage_in_bytes");
  if (u.peak_memory_bytes) u.peak_memory_source = "memory.max_usage_in_bytes";
  u.oom_kills = cgroup_files::read_keyed(memory_ / "memory.oom_control", "oom_kill").value_or(0);
  const auto failcnt = cgroup_files::read_number(memory_ / "memory.failcnt").value_or(0);
  if (u.oom_kills > 0)
    u.evidence.push_back(fmt::format("memory.oom_control oom_kill {}", u.oom_kills));
  if (failcnt > 0) u.evidence.push_back(fmt::format("memory.failcnt {}", failcnt));
  const bool near_limit = u.peak_memory_bytes && *u.peak_memory_bytes >= memory_limit_ / 100 * 95;
  u.memory_limit_reached = failcnt > 0 || near_limit;
  if (near_limit)
    u.evidence.push_back(fmt::format("memory.max_usage_in_bytes {} of limit {}",
                                     *u.peak_memory_bytes, memory_limit_));
  if (!cpuacct_.empty()) {
    if (const auto ns = cgroup_files::read_number(cpuacct_ / "cpuacct.usage"))
      u.cpu_ms = static_cast<std::int64_t>(*ns / 1'000'000);
  }
  return u;
}

}  // namespace gradebox::sandbox::cgroup1
