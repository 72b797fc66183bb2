// Confinement (parent half) and apply_to_current_process (child half), composed from the
// mechanism files; plus ChildPlan/Policy JSON for crossing into a zygote.
#include "sandbox/confinement.hpp"

#include <dirent.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include "sandbox/cgroup_files.hpp"
#include "sandbox/landlock.hpp"
#include "sandbox/private_shm.hpp"
#include "sandbox/privileges.hpp"
#include "sandbox/process_tree.hpp"
#include "sandbox/required_layers.hpp"
#include "sandbox/rlimits.hpp"
#include "sandbox/seccomp.hpp"
#include "sandbox/setup_error.hpp"

namespace gradebox::sandbox {

namespace fs = std::filesystem;

// ---- parent half -------------------------------------------------------------------------

namespace {

// Alive and not a zombie.
bool still_running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

}  // namespace

Confinement Confinement::prepare(const Policy& policy, const HostProbe& host) {
  if (host.no_working_session())
    throw SetupError("no sandboxed session starts on this host: " + host.trials.back().failure,
                     "see gradebox doctor for each layer and its fix");
  IsolationLevel level = host.best_level();
  if (policy.max_level && *policy.max_level < level) level = *policy.max_level;
  if (policy.required_level && level < *policy.required_level) {
    throw SetupError(fmt::format("isolation level {} is required but this run can only get {}",
                                 to_string(*policy.required_level), to_string(level)),
                     fmt::format("cgroup2: {}; cgroup1: {} (see gradebox-run --probe)",
                                 host.cgroup2.reason, host.cgroup1.reason));
  }
  if (const auto missing = missing_on_host(host, policy.required_layers); !missing.empty())
    throw SetupError(describe_missing(missing), "see gradebox-run --probe or gradebox doctor");
  Confinement c(policy, level, namespaces::request_for(host.namespaces, policy.network));
  c.landlock_abi_ = host.landlock_abi;
  if (level == IsolationLevel::cgroup2)
    c.cgroup2_.emplace(cgroup2::Group::prepare(policy, *host.cgroup2.delegation));
  if (level == IsolationLevel::cgroup1)
    c.cgroup1_.emplace(cgroup1::Group::prepare(policy, *host.cgroup1.hierarchies));
  return c;
}

Confinement::~Confinement() {
  // The groups' own destructors kill and remove; the rlimit level has only process trees.
  if (!cgroup1_ && !cgroup2_) kill_all();
}

std::vector<std::string> Confinement::layers() const {
  if (cgroup2_) return {"cgroup2"};
  if (cgroup1_) return {"cgroup1"};
  return {};
}

ChildPlan Confinement::child_plan() const {
  ChildPlan plan;
  plan.policy = policy_;
  plan.level = level_;
  if (cgroup2_) plan.cgroup_procs_files = cgroup2_->procs_files();
  if (cgroup1_) plan.cgroup_procs_files = cgroup1_->join_files();
  plan.namespaces = namespaces_;
  return plan;
}

bool Confinement::share_network_namespace(int netns_fd) {
  if (netns_fd < 0 || !namespaces_.net || !landlock::scopes_sockets_and_signals(landlock_abi_))
    return false;
  namespaces_.shared_netns_fd = netns_fd;
  return true;
}

void Confinement::adopt(pid_t pid) {
  adopted_.push_back(pid);
  try {
    if (cgroup2_) cgroup2_->adopt(pid);
    if (cgroup1_) cgroup1_->adopt(pid);
  } catch (const SetupError&) {
    // A child that already exited cannot be moved; that is not a set-up failure.
    if (still_running(pid)) throw;
  }
}

void Confinement::kill_all() {
  if (cgroup2_) cgroup2_->kill_all();
  if (cgroup1_) cgroup1_->kill_all();
  if (!cgroup1_ && !cgroup2_)
    for (pid_t pid : adopted_) process_tree::kill_all(pid, true);
}

bool Confinement::empty() const {
  if (cgroup2_) return cgroup2_->empty();
  if (cgroup1_) return cgroup1_->empty();
  return true;
}

ResourceUsage Confinement::collect() const {
  if (cgroup2_) return cgroup2_->collect();
  if (cgroup1_) return cgroup1_->collect();
  return {};
}

// ---- child half --------------------------------------------------------------------------

namespace {

void close_inherited_fds(const std::vector<int>& keep) {
  // close_range over the gaps between kept fds; fall back to /proc/self/fd when unavailable.
  std::vector<int> sorted = keep;
  sorted.erase(std::remove_if(sorted.begin(), sorted.end(), [](int fd) { return fd <= 2; }),
               sorted.end());
  std::sort(sorted.begin(), sorted.end());
  unsigned first = 3;
  for (int fd : sorted) {
    if (static_cast<unsigned>(fd) > first && ::close_range(first, fd - 1, 0) != 0)
      throw std::system_error(errno, std::generic_category(), "close_range");
    first = fd + 1;
  }
  if (::close_range(first, ~0u, 0) != 0)
    throw std::system_error(errno, std::generic_category(), "close_range");
}

bool single_threaded() {
  DIR* tasks = ::opendir("/proc/self/task");
  if (!tasks) return false;
  int count = 0;
  while (const dirent* entry = ::readdir(tasks))
    if (entry->d_name[0] != '.') ++count;
  ::closedir(tasks);
  return count == 1;
}

void join_cgroups(const std::vector<fs::path>& procs_files) {
  // A v1 `tasks` file moves only the calling thread (cheap, see cgroup1::Group::join_files);
  // should this process have other threads after all, move all of them through cgroup.procs.
  std::optional<bool> whole_process;  // looked up once, and only for a `tasks` file
  for (const auto& file : procs_files) {
    if (file.filename() == "tasks" && !whole_process) whole_process = !single_threaded();
    if (file.filename() == "tasks" && *whole_process)
      cgroup_files::write(file.parent_path() / "cgroup.procs", "0");
    else
      cgroup_files::write(file, "0");
  }
}

void replace_environment(const ChildPlan& plan) {
  const auto env =
      plan.policy.environment.empty() ? default_environment(plan.policy) : plan.policy.environment;
  if (::clearenv() != 0) throw std::runtime_error("clearenv failed");
  for (const auto& entry : env) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    ::setenv(entry.substr(0, eq).c_str(), entry.substr(eq + 1).c_str(), 1);
  }
}

fs::path working_dir(const Policy& policy) {
  if (!policy.working_dir.empty()) return policy.working_dir;
  if (!policy.writable_dir.empty()) return policy.writable_dir;
  return "/";
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

std::vector<std::string> apply_to_current_process(const ChildPlan& plan) {
  const Policy& policy = plan.policy;
  std::vector<std::string> layers;
  ::setsid();  // fails only when already a group leader, which is fine
  join_cgroups(plan.cgroup_procs_files);
  std::vector<int> keep = plan.keep_fds;
  if (plan.namespaces.shared_netns_fd >= 0) keep.push_back(plan.namespaces.shared_netns_fd);
  close_inherited_fds(keep);  // the netns fd is closed once joined, in step 4
  // Identity drop comes first when a user namespace is made, so it maps the unprivileged uid.
  append(layers, namespaces::apply_in_child(plan.namespaces, policy.drop_uid, policy.drop_gid));
  // RLIMIT_NPROC counts per uid per user namespace: only in our own namespace does it count the
  // sandbox's processes alone.
  const bool own_user_namespace =
      std::any_of(layers.begin(), layers.end(),
                  [](const std::string& l) { return l.rfind("namespaces:user", 0) == 0; });
  const bool own_mount_namespace = !layers.empty() && layers.back().rfind("namespaces:", 0) == 0 &&
                                   layers.back().find("mount") != std::string::npos;
  const auto shm = private_shm::apply_in_child(policy, own_mount_namespace);
  append(layers, shm);
  const fs::path cwd = working_dir(policy);
  if (::chdir(cwd.c_str()) != 0)
    throw std::system_error(errno, std::generic_category(), "chdir " + cwd.string());
  // Still root here when there is no user namespace: the tasks to count are the drop uid's.
  const uid_t process_uid = ::geteuid() == 0 ? policy.drop_uid : ::getuid();
  append(layers, rlimits::apply_in_child(
                     policy, {.limit_address_space = plan.level == IsolationLevel::rlimit,
                              .own_user_namespace = own_user_namespace,
                              .process_uid = process_uid}));
  append(layers, privileges::set_no_new_privs());
  append(layers, landlock::apply_in_child(policy, !shm.empty()));
  append(layers, privileges::drop_identity(policy.drop_uid, policy.drop_gid));
  privileges::drop_capabilities();
  // After the identity change: a credential change clears the parent-death signal.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (plan.replace_env) replace_environment(plan);
  append(layers, seccomp::apply_in_child(policy));
  if (const auto missing = missing_in_child(layers, policy.required_layers); !missing.empty())
    throw std::runtime_error(describe_missing(missing));
  return layers;
}

// ---- JSON --------------------------------------------------------------------------------

nlohmann::json to_json(const Policy& p) {
  nlohmann::json j;
  j["wall_ms"] = p.wall_time.count();
  j["cpu_ms"] = p.cpu_time.count();
  j["memory_bytes"] = p.memory_bytes;
  j["pids"] = p.max_pids;
  j["output_bytes"] = p.output_bytes;
  j["file_size_bytes"] = p.file_size_bytes;
  j["open_files"] = p.open_files;
  j["network"] = p.network;
  j["writable_dir"] = p.writable_dir.string();
  j["working_dir"] = p.working_dir.string();
  j["readable_paths"] = nlohmann::json::array();
  for (const auto& path : p.readable_paths) j["readable_paths"].push_back(path.string());
  j["environment"] = p.environment;
  j["drop_uid"] = p.drop_uid;
  j["drop_gid"] = p.drop_gid;
  j["max_level"] = p.max_level ? nlohmann::json(to_string(*p.max_level)) : nullptr;
  j["required_level"] = p.required_level ? nlohmann::json(to_string(*p.required_level)) : nullptr;
  j["required_layers"] = p.required_layers;
  return j;
}

namespace {

template <typename T>
T field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name))
    throw std::invalid_argument(std::string("sandbox plan: missing field '") + name + "'");
  try {
    return j.at(name).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("sandbox plan: field '") + name + "': " + e.what());
  }
}

std::optional<IsolationLevel> level_field(const nlohmann::json& j, const char* name) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  const auto level = parse_isolation_level(field<std::string>(j, name));
  if (!level)
    throw std::invalid_argument(std::string("sandbox plan: field '") + name + "' is not a level");
  return level;
}

}  // namespace

Policy policy_from_json(const nlohmann::json& j) {
  Policy p;
  p.wall_time = std::chrono::milliseconds(field<std::int64_t>(j, "wall_ms"));
  p.cpu_time = std::chrono::milliseconds(field<std::int64_t>(j, "cpu_ms"));
  p.memory_bytes = field<std::uint64_t>(j, "memory_bytes");
  p.max_pids = field<std::uint32_t>(j, "pids");
  p.output_bytes = field<std::uint64_t>(j, "output_bytes");
  p.file_size_bytes = field<std::uint64_t>(j, "file_size_bytes");
  p.open_files = field<std::uint32_t>(j, "open_files");
  p.network = field<bool>(j, "network");
  p.writable_dir = field<std::string>(j, "writable_dir");
  p.working_dir = field<std::string>(j, "working_dir");
  for (const auto& path : field<std::vector<std::string>>(j, "readable_paths"))
    p.readable_paths.emplace_back(path);
  p.environment = field<std::vector<std::string>>(j, "environment");
  p.drop_uid = field<uid_t>(j, "drop_uid");
  p.drop_gid = field<gid_t>(j, "drop_gid");
  p.max_level = level_field(j, "max_level");
  p.required_level = level_field(j, "required_level");
  p.required_layers = field<std::vector<std::string>>(j, "required_layers");
  return p;
}

nlohmann::json to_json(const ChildPlan& plan) {
  nlohmann::json j;
  j["policy"] = to_json(plan.policy);
  j["level"] = to_string(plan.level);
  j["cgroup_procs_files"] = nlohmann::json::array();
  for (const auto& f : plan.cgroup_procs_files) j["cgroup_procs_files"].push_back(f.string());
  const auto& ns = plan.namespaces;
  j["namespaces"] = {{"user", ns.user},   {"net", ns.net},
                     {"ipc", ns.ipc},     {"uts", ns.uts},
                     {"mount", ns.mount}, {"shared_netns_fd", ns.shared_netns_fd}};
  j["keep_fds"] = plan.keep_fds;
  j["replace_env"] = plan.replace_env;
  return j;
}

ChildPlan child_plan_from_json(const nlohmann::json& j) {
  ChildPlan plan;
  plan.policy = policy_from_json(field<nlohmann::json>(j, "policy"));
  plan.level = level_field(j, "level").value_or(IsolationLevel::rlimit);
  for (const auto& f : field<std::vector<std::string>>(j, "cgroup_procs_files"))
    plan.cgroup_procs_files.emplace_back(f);
  const auto ns = field<nlohmann::json>(j, "namespaces");
  plan.namespaces = {field<bool>(ns, "user"), field<bool>(ns, "net"), field<bool>(ns, "ipc"),
                     field<bool>(ns, "uts"), field<bool>(ns, "mount")};
  // Optional (added later): plans written before it simply create their own.
  if (ns.contains("shared_netns_fd"))
    plan.namespaces.shared_netns_fd = field<int>(ns, "shared_netns_fd");
  plan.keep_fds = field<std::vector<int>>(j, "keep_fds");
  plan.replace_env = field<bool>(j, "replace_env");
  return plan;
}

}  // namespace gradebox::sandbox
