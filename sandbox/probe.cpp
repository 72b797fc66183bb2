// Host probe: runs each mechanism's detect() and summarises.
#include "sandbox/probe.hpp"

#include <fmt/format.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "sandbox/landlock.hpp"

namespace gradebox::sandbox {

IsolationLevel HostProbe::best_level() const {
  if (cgroup2.delegation) return IsolationLevel::cgroup2;
  if (cgroup1.hierarchies) return IsolationLevel::cgroup1;
  return IsolationLevel::rlimit;
}

HostProbe probe_host(const ProbeOptions& options) {
  HostProbe p;
  p.root = ::geteuid() == 0;
  if (!options.detect_cgroups) {
    p.cgroup2.reason = p.cgroup1.reason = "not probed";
  } else {
    std::optional<std::filesystem::path> parent = options.cgroup2_parent;
    if (!parent) {
      if (const char* env = std::getenv("GRADEBOX_CGROUP2_PARENT"); env && *env) parent = env;
    }
    if (!parent) parent = cgroup2::own_cgroup_dir();
    if (parent)
      p.cgroup2 = cgroup2::detect(*parent);
    else
      p.cgroup2.reason = "no cgroup2 filesystem mounted";
    p.cgroup1 = cgroup1::detect(options.thorough_cgroups);
  }
  p.namespaces = options.detect_namespaces ? namespaces::detect() : namespaces::assume_all();
  p.seccomp = ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 || errno != EINVAL;
  p.landlock_abi = landlock::abi_version();
  return p;
}

namespace {

nlohmann::ordered_json path_or_null(const std::filesystem::path& path) {
  return path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(path.string());
}

}  // namespace

nlohmann::ordered_json to_json(const HostProbe& p) {
  nlohmann::ordered_json j;
  j["schema"] = "gradebox.probe";
  j["version"] = 1;
  j["root"] = p.root;
  j["best_level"] = to_string(p.best_level());
  const auto& d2 = p.cgroup2.delegation;
  j["cgroup2"] = {{"usable", d2.has_value()},
                  {"parent", d2 ? path_or_null(d2->parent) : nullptr},
                  {"cpu", d2 && d2->cpu},
                  {"detail", p.cgroup2.reason}};
  const auto& h1 = p.cgroup1.hierarchies;
  j["cgroup1"] = {{"usable", h1.has_value()},
                  {"memory", h1 ? path_or_null(h1->memory) : nullptr},
                  {"pids", h1 ? path_or_null(h1->pids) : nullptr},
                  {"freezer", h1 ? path_or_null(h1->freezer) : nullptr},
                  {"cpuacct", h1 ? path_or_null(h1->cpuacct) : nullptr},
                  {"memsw", h1 && h1->memsw},
                  {"detail", p.cgroup1.reason}};
  const auto& ns = p.namespaces;
  j["namespaces"] = {{"user", ns.user}, {"pid", ns.pid}, {"net", ns.net},
                     {"ipc", ns.ipc},   {"uts", ns.uts}, {"mount", ns.mount}};
  j["seccomp"] = p.seccomp;
  j["landlock_abi"] = p.landlock_abi;
  return j;
}

std::string to_text(const HostProbe& p) {
  auto yes = [](bool b) { return b ? "yes" : "no"; };
  std::string ns;
  for (const auto& name : p.namespaces.names()) ns += (ns.empty() ? "" : ",") + name;
  return fmt::format(
      "best level : {}\n"
      "root       : {}\n"
      "cgroup2    : {} ({})\n"
      "cgroup1    : {} ({})\n"
      "namespaces : {}\n"
      "seccomp    : {}\n"
      "landlock   : {}\n",
      to_string(p.best_level()), yes(p.root), p.cgroup2.delegation ? "usable" : "unusable",
      p.cgroup2.reason, p.cgroup1.hierarchies ? "usable" : "unusable", p.cgroup1.reason,
      ns.empty() ? "none" : ns, yes(p.seccomp),
      p.landlock_abi > 0 ? fmt::format("ABI {}", p.landlock_abi) : std::string("unavailable"));
}

}  // namespace gradebox::sandbox
