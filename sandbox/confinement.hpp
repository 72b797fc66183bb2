// The two halves of one sandboxed run, for callers that fork themselves (the runtime's zygote)
// as well as for the launcher.
//
// Trusted side (parent, or whoever owns the run):
//   HostProbe host = probe_host();                       // once per process
//   Confinement run = Confinement::prepare(policy, host); // creates the cgroup; SetupError if
//                                                         // below policy.required_level
//   ChildPlan plan = run.child_plan();                    // send to the forking process
//                                                         // (to_json / child_plan_from_json)
//   ... child starts and reports its pid ...
//   run.adopt(pid);          // optional when the child joined itself; needed at `rlimit` level
//                            // so kill_all() knows the tree's root
//   run.kill_all();          // at the wall limit, or after the child exited (stray descendants);
//                            // at the rlimit level it walks the adopted pid's process tree, so
//                            // the forking process (zygote) should be PR_SET_CHILD_SUBREAPER and
//                            // kill_all() must run before the adopted child is reaped
//   ResourceUsage u = run.collect();   // peak memory + its source, oom kills, cpu ms, evidence
//   ~Confinement             // kills anything left, removes the cgroup directories
//   decide_verdict(facts, policy) then turns wait status + usage into a Verdict.
//
// Untrusted side, right after fork() and before reading any untrusted byte:
//   try { layers = apply_to_current_process(plan); }
//   catch (const std::exception& e) { report e.what(); _exit(127); }
// apply_to_current_process applies, in this fixed order:
//   1. setsid (own session and process group)
//   2. join the run's cgroups (writes "0" to each of plan.cgroup_procs_files; needs the
//      original privileges)
//   3. close every fd except 0, 1, 2 and plan.keep_fds
//   4. namespaces (user [after dropping to the unprivileged uid when root], net unless
//      policy.network [joining plan.namespaces.shared_netns_fd when set], ipc, uts, mount; NOT pid:
//      unshare(CLONE_NEWPID) would only affect children. The launcher gets a pid namespace by
//      cloning its init with CLONE_NEWPID); in the child's own mount namespace, a private tmpfs on
//      /dev/shm (private_shm.hpp)
//   5. chdir to the working dir
//   6. rlimits (AS/DATA only at the `rlimit` level; NPROC only when the uid is the sandbox's own)
//   7. no_new_privs
//   8. Landlock (read-only system + readable paths, read-write writable_dir and the private
//      /dev/shm, TCP and signal scope)
//   9. privilege drop when still root (setgroups/setresgid/setresuid to policy.drop_uid/gid),
//      all capabilities cleared, parent-death signal SIGKILL, not dumpable
//  10. environment replaced by policy.environment (or default_environment) when replace_env
//  11. seccomp, last
// It returns the active layer names (recorded in the verdict). The process must be
// single-threaded (fork-safe); libseccomp's TSYNC covers threads created later.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/cgroup1.hpp"
#include "sandbox/cgroup2.hpp"
#include "sandbox/namespaces.hpp"
#include "sandbox/policy.hpp"
#include "sandbox/probe.hpp"
#include "sandbox/resource_usage.hpp"

namespace gradebox::sandbox {

// Everything the child needs; plain data so it can cross a process boundary as JSON.
struct ChildPlan {
  Policy policy;
  IsolationLevel level = IsolationLevel::rlimit;
  // Written "0" to in step 2: cgroup2 `cgroup.procs`, cgroup1 `tasks` (see cgroup1::Group).
  std::vector<std::filesystem::path> cgroup_procs_files;
  namespaces::Request namespaces;
  std::vector<int> keep_fds;  // survive step 3 (e.g. the runtime's channel to the trusted side)
  bool replace_env = true;    // step 10; exec-based callers pass the env to execve instead
};

// The plan as JSON (child_plan_json.cpp). The from_json functions throw std::invalid_argument
// naming the missing or malformed field.
nlohmann::json to_json(const ChildPlan& plan);
ChildPlan child_plan_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Policy& policy);
Policy policy_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Limits& limits);
Limits limits_from_json(const nlohmann::json& json);

// The child half; see the order above. Throws std::exception with the failing step and errno.
std::vector<std::string> apply_to_current_process(const ChildPlan& plan);

// The parent half; move-only RAII owner of the run's cgroups.
class Confinement {
 public:
  // Level = host.best_level() capped by policy.max_level. Throws SetupError when that is below
  // policy.required_level, when the probe's trial sessions all failed, or when a cgroup cannot
  // be created.
  static Confinement prepare(const Policy& policy, const HostProbe& host);
  Confinement(Confinement&&) noexcept = default;
  Confinement& operator=(Confinement&&) = delete;
  ~Confinement();

  IsolationLevel level() const { return level_; }
  const Policy& policy() const { return policy_; }
  // Layers the parent side contributes ("cgroup1", "cgroup2").
  std::vector<std::string> layers() const;
  ChildPlan child_plan() const;
  // Offers an empty network namespace (namespaces::EmptyNetworkNamespace, or a file such as
  // /run/netns/NAME) for the child to join instead of creating its own. Taken only when a net
  // namespace is wanted and Landlock (ABI >= 6) scopes abstract unix sockets per run, the one
  // thing runs in a shared network namespace could otherwise reach each other through. Returns
  // whether it will be used. The caller keeps the fd open until the child has applied its plan.
  bool share_network_namespace(int netns_fd);
  // Moves pid into the cgroups (when any) and remembers it as a tree root for kill_all().
  void adopt(pid_t pid);
  // Kills every process of the run: cgroup.kill, freezer + SIGKILL, or (rlimit level) the
  // process trees of the adopted pids. Returns once they are gone (bounded wait).
  void kill_all();
  // True when no process of the run is left (always true at the rlimit level).
  bool empty() const;
  ResourceUsage collect() const;

 private:
  Confinement(Policy policy, IsolationLevel level, namespaces::Request ns)
      : policy_(std::move(policy)), level_(level), namespaces_(ns) {}
  Policy policy_;
  IsolationLevel level_;
  namespaces::Request namespaces_;
  int landlock_abi_ = 0;
  std::optional<cgroup2::Group> cgroup2_;
  std::optional<cgroup1::Group> cgroup1_;
  std::vector<pid_t> adopted_;
};

}  // namespace gradebox::sandbox
