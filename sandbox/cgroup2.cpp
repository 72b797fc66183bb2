// cgroup v2 group: delegation check, limits, cgroup.kill, usage, removal.
#include "sandbox/cgroup2.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <sstream>
#include <thread>

#include "sandbox/cgroup_files.hpp"
#include "sandbox/setup_error.hpp"

namespace gradebox::sandbox::cgroup2 {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

bool has_word(const std::string& list, const std::string& word) {
  std::stringstream in(list);
  std::string item;
  while (in >> item)
    if (item == word) return true;
  return false;
}

}  // namespace

std::optional<fs::path> own_cgroup_dir() {
  const auto mount = cgroup_files::mount_point("");
  const auto own = cgroup_files::own_cgroup_path("");
  if (!mount || !own) return std::nullopt;
  return *mount / fs::path(*own).relative_path();
}

Detection detect(const fs::path& parent) {
  Detection d;
  const auto available = cgroup_files::read(parent / "cgroup.controllers");
  if (!available) {
    d.reason = parent.string() + " is not a cgroup2 directory";
    return d;
  }
  if (::access((parent / "cgroup.procs").c_str(), W_OK) != 0 ||
      ::access(parent.c_str(), W_OK) != 0) {
    d.reason = parent.string() + " is not writable (no delegation)";
    return d;
  }
  std::string enabled = cgroup_files::read(parent / "cgroup.subtree_control").value_or("");
  for (const std::string controller : {"memory", "pids", "cpu"}) {
    if (has_word(enabled, controller) || !has_word(*available, controller)) continue;
    // Fails with EBUSY when `parent` has processes of its own ("no internal processes").
    if (cgroup_files::try_write(parent / "cgroup.subtree_control", "+" + controller))
      enabled += " " + controller;
  }
  if (!has_word(enabled, "memory") || !has_word(enabled, "pids")) {
    d.reason = fmt::format(
        "{}: memory and pids are not enabled in cgroup.subtree_control (available: '{}'); "
        "delegate a cgroup with those controllers, e.g. systemd-run -p Delegate=yes",
        parent.string(), available->empty() ? "none" : available->substr(0, available->find('\n')));
    return d;
  }
  d.delegation = Delegation{parent, has_word(enabled, "cpu")};
  d.reason = fmt::format("delegated {} (memory, pids{})", parent.string(),
                         d.delegation->cpu ? ", cpu" : "");
  return d;
}

Group Group::create(const fs::path& parent) {
  Group g;
  cgroup_files::remove_stale_groups(parent);
  const fs::path dir = parent / cgroup_files::unique_group_name();
  if (::mkdir(dir.c_str(), 0755) != 0)
    throw_errno("cannot create cgroup", dir.string(), errno,
                "the cgroup2 parent must be delegated to this user; try --level cgroup1 or rlimit");
  g.dir_ = dir;
  return g;
}

Group Group::prepare(const Policy& policy, const Delegation& where) {
  Group g = create(where.parent);
  g.memory_limit_ = policy.limits.memory_bytes;
  const fs::path& dir = g.dir_;
  cgroup_files::write(dir / "memory.max", std::to_string(policy.limits.memory_bytes));
  // Absent when the kernel has no swap accounting; then there is no swap to limit either.
  if (fs::exists(dir / "memory.swap.max")) cgroup_files::write(dir / "memory.swap.max", "0");
  // memory.oom.group: an OOM kills the whole run, not one random process of it.
  cgroup_files::try_write(dir / "memory.oom.group", "1");
  cgroup_files::write(dir / "pids.max", std::to_string(policy.limits.pids));
  // One CPU's worth per period: a fork-parallel program cannot take the whole machine.
  if (where.cpu) cgroup_files::write(dir / "cpu.max", "100000 100000");
  return g;
}

Group::Group(Group&& other) noexcept
    : dir_(std::move(other.dir_)), memory_limit_(other.memory_limit_) {
  other.dir_.clear();
}

Group::~Group() {
  if (dir_.empty()) return;
  kill_all();
  cgroup_files::remove_dir(dir_, 2s);
}

std::vector<fs::path> Group::procs_files() const {
  return {dir_ / "cgroup.procs"};
}

void Group::adopt(pid_t pid) const {
  cgroup_files::write(dir_ / "cgroup.procs", std::to_string(pid));
}

bool Group::empty() const {
  // cgroup.events "populated 0" covers dying tasks that cgroup.procs may already hide.
  const auto populated = cgroup_files::read_keyed(dir_ / "cgroup.events", "populated");
  if (populated) return *populated == 0;
  return cgroup_files::read_pids(dir_ / "cgroup.procs").empty();
}

void Group::kill_all() const {
  if (empty()) return;
  const bool has_kill = cgroup_files::try_write(dir_ / "cgroup.kill", "1");
  if (!has_kill) cgroup_files::try_write(dir_ / "cgroup.freeze", "1");
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!empty() && std::chrono::steady_clock::now() < deadline) {
    if (!has_kill)
      for (pid_t pid : cgroup_files::read_pids(dir_ / "cgroup.procs")) ::kill(pid, SIGKILL);
    std::this_thread::sleep_for(1ms);
  }
  if (!has_kill) cgroup_files::try_write(dir_ / "cgroup.freeze", "0");
}

ResourceUsage Group::collect() const {
  ResourceUsage u;
  u.peak_memory_bytes = cgroup_files::read_number(dir_ / "memory.peak");
  if (u.peak_memory_bytes) u.peak_memory_source = "memory.peak";
  u.oom_kills = cgroup_files::read_keyed(dir_ / "memory.events", "oom_kill").value_or(0);
  const auto max_events = cgroup_files::read_keyed(dir_ / "memory.events", "max").value_or(0);
  if (u.oom_kills > 0) u.evidence.push_back(fmt::format("memory.events oom_kill {}", u.oom_kills));
  if (max_events > 0) u.evidence.push_back(fmt::format("memory.events max {}", max_events));
  const bool near_limit = u.peak_memory_bytes && *u.peak_memory_bytes >= memory_limit_ / 100 * 95;
  if (near_limit)
    u.evidence.push_back(
        fmt::format("memory.peak {} of limit {}", *u.peak_memory_bytes, memory_limit_));
  u.memory_limit_reached = max_events > 0 || near_limit;
  if (const auto usec = cgroup_files::read_keyed(dir_ / "cpu.stat", "usage_usec"))
    u.cpu_ms = static_cast<std::int64_t>(*usec / 1000);
  return u;
}

}  // namespace gradebox::sandbox::cgroup2
