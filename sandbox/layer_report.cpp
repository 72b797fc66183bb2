// The per-layer report (layer_report.hpp): the probe's findings and its trial session's layers,
// with the operator's fix for each layer a session does not get.
#include "sandbox/layer_report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "sandbox/proc_status.hpp"

namespace gradebox::sandbox {

namespace {

constexpr const char* kRuntimeProfileFix =
    "in a container: a seccomp profile that allows it (podman/docker --security-opt "
    "seccomp=PROFILE.json adding the call, or seccomp=unconfined), or run gradebox outside";

// The layers the confirming session got ("namespaces:user,net", "landlock:7", "cgroup1", ...).
struct SessionLayers {
  const SessionTrial* trial = nullptr;
  std::vector<std::string> names;

  bool has(const std::string& name) const {
    return std::find(names.begin(), names.end(), name) != names.end();
  }
  bool has_prefix(const std::string& prefix) const {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return n.rfind(prefix, 0) == 0; });
  }
  bool has_namespace(const std::string& ns) const {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
      if (n.rfind("namespaces:", 0) != 0) return false;
      const std::string list = "," + n.substr(11) + ",";
      return list.find("," + ns + ",") != std::string::npos;
    });
  }
};

SessionLayers session_layers(const HostProbe& probe) {
  SessionLayers got;
  got.trial = probe.working_trial();
  if (got.trial) got.names = got.trial->layers;
  return got;
}

// Why a layer the host offers is not in the session.
std::string not_used_why(const HostProbe& probe, const SessionLayers& got) {
  if (probe.trials.empty()) return "not confirmed: the probe started no session";
  if (!got.trial) return "no session starts on this host (" + probe.trials.back().failure + ")";
  return "the trial session did not get it";
}

// The fix for a layer the host offers but sessions do not get: `otherwise` unless no session
// starts at all, which comes first.
std::string not_used_fix(const HostProbe& probe, const SessionLayers& got, std::string otherwise) {
  if (!probe.trials.empty() && !got.trial)
    return "first make sessions start: see the isolation level row";
  return otherwise;
}

// CAP_SYS_ADMIN in this process's effective set (/proc/self/status CapEff, bit 21).
bool has_cap_sys_admin() {
  const auto status = read_proc_status("self");
  const auto effective = status ? proc_status_field(*status, "CapEff") : std::nullopt;
  return effective && (std::stoull(*effective, nullptr, 16) >> 21) & 1;
}

// flag: the clone flag's name, for the message ("CLONE_NEWUSER").
LayerState namespace_layer(const HostProbe& probe, const SessionLayers& got,
                           const std::string& name, const char* flag, bool detected) {
  LayerState s{name + " namespace", detected, got.has_namespace(name), "", ""};
  if (s.used) {
    s.detail = "used by every session";
  } else if (probe.namespaces_dropped) {
    s.available = true;
    s.detail = "available, not used: " + *probe.namespaces_dropped;
    s.fix = kRuntimeProfileFix;
  } else if (!detected) {
    s.detail = fmt::format("not available: the host refuses unshare({})", flag);
    s.fix = name == "user"
                ? "allow unprivileged user namespaces (sysctl user.max_user_namespaces > 0, "
                  "kernel.unprivileged_userns_clone=1); " +
                      std::string(kRuntimeProfileFix)
                : std::string(kRuntimeProfileFix);
  } else if (name == "pid" && ::geteuid() != 0) {
    s.detail = "available, not used: only a root grader starts sessions in a pid namespace";
    s.fix = "run the grader as root (sessions still run as an unprivileged uid)";
  } else if (name == "pid" && got.trial && !has_cap_sys_admin()) {
    s.detail =
        "available, not used: a root grader needs CAP_SYS_ADMIN to create it (a container's "
        "default capabilities lack it); sessions are killed by walking their process tree";
    s.fix = "podman/docker --cap-add=SYS_ADMIN, or accept the process-tree kill";
  } else {
    s.detail = "available, not used: " + not_used_why(probe, got);
    if (name == "mount" && got.trial)
      s.detail += " (its mounts could not be made private, e.g. mount(2) refused)";
    s.fix = not_used_fix(probe, got, kRuntimeProfileFix);
  }
  return s;
}

constexpr const char* kCgroupFix =
    "run under a delegated cgroup2 subtree (systemd Delegate=yes, or "
    "GRADEBOX_CGROUP2_PARENT=<writable cgroup dir>), or a writable cgroup v1 hierarchy; in a "
    "container the runtime's own limits apply instead (normal in Kubernetes pods)";

std::string cgroup_where(const HostProbe& probe, bool v2, const std::string& controller) {
  if (v2) return "v2 under " + probe.cgroup2.delegation->parent.string();
  const auto& v1 = *probe.cgroup1.hierarchies;
  return "v1 under " + (controller == "memory" ? v1.memory : v1.pids).string();
}

// The first failed trial at a cgroup level: why sessions do not use the cgroup.
const SessionTrial* failed_cgroup_trial(const HostProbe& probe) {
  for (const auto& trial : probe.trials)
    if (!trial.ok && trial.level != IsolationLevel::rlimit) return &trial;
  return nullptr;
}

// controller: "memory" or "pids".
LayerState cgroup_layer(const HostProbe& probe, const SessionLayers& got,
                        const std::string& controller) {
  const bool v2 = probe.cgroup2.delegation.has_value();
  const bool v1 = probe.cgroup1.hierarchies.has_value();
  LayerState s{"cgroup " + controller, v2 || v1, got.has("cgroup2") || got.has("cgroup1"), "", ""};
  if (s.used) {
    s.detail = "used: " + cgroup_where(probe, got.has("cgroup2"), controller);
    if (controller == "memory" && got.has("cgroup1") && !probe.cgroup1.hierarchies->memsw)
      s.detail += " (no memsw: swap is not limited)";
    return s;
  }
  if (!s.available) {
    s.detail = fmt::format("not available: cgroup2: {}; cgroup1: {}", probe.cgroup2.reason,
                           probe.cgroup1.reason);
  } else {
    const SessionTrial* failed = failed_cgroup_trial(probe);
    s.detail = fmt::format(
        "available ({}), not used: {}", cgroup_where(probe, v2, controller),
        failed ? "a session there fails: " + failed->failure : not_used_why(probe, got));
  }
  s.fix = s.available ? not_used_fix(probe, got, kCgroupFix) : kCgroupFix;
  return s;
}

LayerState landlock_layer(const HostProbe& probe, const SessionLayers& got) {
  LayerState s{"landlock", probe.landlock_abi > 0, got.has_prefix("landlock:"), "", ""};
  if (s.used) {
    s.detail = fmt::format("used: ABI {}", probe.landlock_abi);
  } else if (!s.available) {
    s.detail = "not available: the kernel reports no Landlock ABI";
    s.fix =
        "Linux >= 5.13 with landlock in the lsm= boot parameter (CONFIG_SECURITY_LANDLOCK); in a "
        "container, a seccomp profile allowing landlock_create_ruleset, landlock_add_rule and "
        "landlock_restrict_self";
  } else {
    s.detail = "available, not used: " + not_used_why(probe, got);
    s.fix = not_used_fix(probe, got, kRuntimeProfileFix);
  }
  return s;
}

LayerState seccomp_layer(const HostProbe& probe, const SessionLayers& got) {
  LayerState s{"seccomp", probe.seccomp, got.has("seccomp"), "", ""};
  if (s.used) {
    s.detail = "used: gradebox's filter (errors for sockets, ptrace, namespaces, ...)";
  } else {
    s.detail = s.available ? "available, not used: " + not_used_why(probe, got)
                           : "not available: the kernel refuses seccomp filters";
    s.fix =
        "a kernel with CONFIG_SECCOMP_FILTER; in a container, a profile allowing seccomp(2) "
        "(nested filters are allowed by every runtime's default profile)";
  }
  return s;
}

LayerState rlimits_layer(const HostProbe& probe, const SessionLayers& got) {
  LayerState s{"rlimits", true, got.has("rlimits"), "", ""};
  if (!s.used) {
    s.detail = "available, not used: " + not_used_why(probe, got);
    s.fix = not_used_fix(probe, got, "");
    return s;
  }
  const bool memory_by_rlimit = got.trial->level == IsolationLevel::rlimit;
  s.detail = fmt::format("used: CPU, FSIZE, NOFILE, CORE=0, STACK{}; RLIMIT_NPROC = {}",
                         memory_by_rlimit ? ", AS/DATA (memory, per process)" : "",
                         got.has_namespace("user")
                             ? "the pids limit (in the session's own user namespace)"
                             : "the session uid's running tasks + the pids limit "
                               "(no user namespace; shared with other sessions of that uid)");
  return s;
}

LayerState private_shm_layer(const HostProbe& probe, const SessionLayers& got) {
  LayerState s{"private /dev/shm", probe.namespaces.mount, got.has("shm:tmpfs"), "", ""};
  if (s.used) {
    s.detail = "used: a tmpfs of the session's own (POSIX semaphores, multiprocessing)";
  } else {
    s.detail = got.has_namespace("mount")
                   ? "not used: the tmpfs mount was refused in the session's mount namespace"
                   : "not used: it needs a mount namespace of the session's own";
    s.detail += "; multiprocessing locks and shared memory fail in sessions";
    s.fix = not_used_fix(
        probe, got,
        "allow mount namespaces and mount(2) in them; " + std::string(kRuntimeProfileFix));
  }
  return s;
}

}  // namespace

std::vector<LayerState> describe_layers(const HostProbe& probe) {
  const SessionLayers got = session_layers(probe);
  const auto& ns = probe.namespaces;
  return {namespace_layer(probe, got, "user", "CLONE_NEWUSER", ns.user),
          namespace_layer(probe, got, "pid", "CLONE_NEWPID", ns.pid),
          namespace_layer(probe, got, "net", "CLONE_NEWNET", ns.net),
          namespace_layer(probe, got, "ipc", "CLONE_NEWIPC", ns.ipc),
          namespace_layer(probe, got, "uts", "CLONE_NEWUTS", ns.uts),
          namespace_layer(probe, got, "mount", "CLONE_NEWNS", ns.mount),
          cgroup_layer(probe, got, "memory"),
          cgroup_layer(probe, got, "pids"),
          landlock_layer(probe, got),
          seccomp_layer(probe, got),
          rlimits_layer(probe, got),
          private_shm_layer(probe, got)};
}

nlohmann::ordered_json to_json(const std::vector<LayerState>& layers) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& s : layers)
    out.push_back({{"layer", s.layer},
                   {"available", s.available},
                   {"used", s.used},
                   {"detail", s.detail},
                   {"fix", s.fix}});
  return out;
}

}  // namespace gradebox::sandbox
