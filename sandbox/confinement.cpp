// Confinement (parent half) and apply_to_current_process (child half), composed from the
// mechanism files. The plan's JSON is child_plan_json.cpp.
#include "sandbox/confinement.hpp"

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
#include "sandbox/proc_status.hpp"
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

void join_cgroups(const std::vector<fs::path>& procs_files) {
  // A v1 `tasks` file moves only the calling thread (cheap, see cgroup1::Group::join_files);
  // should this process have other threads after all, move all of them through cgroup.procs.
  std::optional<bool> whole_process;  // looked up once, and only for a `tasks` file
  for (const auto& file : procs_files) {
    if (file.filename() == "tasks" && !whole_process) whole_process = thread_count() != 1;
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

}  // namespace gradebox::sandbox
