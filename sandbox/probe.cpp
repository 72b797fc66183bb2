// Host probe: runs each mechanism's detect() and summarises.
#include "sandbox/probe.hpp"

#include <fmt/format.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <mutex>

#include "sandbox/landlock.hpp"
#include "sandbox/layer_report.hpp"

namespace gradebox::sandbox {

IsolationLevel HostProbe::capable_level() const {
  if (cgroup2.delegation) return IsolationLevel::cgroup2;
  if (cgroup1.hierarchies) return IsolationLevel::cgroup1;
  return IsolationLevel::rlimit;
}

IsolationLevel HostProbe::best_level() const {
  if (const SessionTrial* trial = working_trial()) return trial->level;
  return trials.empty() ? capable_level() : IsolationLevel::rlimit;
}

const SessionTrial* HostProbe::working_trial() const {
  for (const auto& trial : trials)
    if (trial.ok) return &trial;
  return nullptr;
}

// A session that fails with namespaces is tried without any: a runtime profile refusing part of
// their set-up must not stop every session.
void confirm_with_sessions(HostProbe& p) {
  for (int rank = static_cast<int>(p.capable_level()); rank >= 0; --rank) {
    const auto level = static_cast<IsolationLevel>(rank);
    p.trials.push_back(try_session(p, level));
    if (p.trials.back().ok) return;
    if (p.namespaces.names().empty()) continue;
    HostProbe without = p;
    without.namespaces = {};
    p.trials.push_back(try_session(without, level));
    if (!p.trials.back().ok) continue;
    p.namespaces_dropped =
        "sessions with namespaces fail: " + p.trials[p.trials.size() - 2].failure;
    p.namespaces = {};
    return;
  }
}

namespace {

HostProbe probe_uncached(const ProbeOptions& options, std::optional<std::filesystem::path> parent) {
  const auto started = std::chrono::steady_clock::now();
  HostProbe p;
  p.root = ::geteuid() == 0;
  if (!options.detect_cgroups) {
    p.cgroup2.reason = p.cgroup1.reason = "not probed";
  } else {
    if (parent)
      p.cgroup2 = cgroup2::detect(*parent);
    else
      p.cgroup2.reason = "no cgroup2 filesystem mounted";
    p.cgroup1 = cgroup1::detect(options.thorough_cgroups);
  }
  p.namespaces = options.detect_namespaces ? namespaces::detect() : namespaces::assume_all();
  p.seccomp = ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 || errno != EINVAL;
  p.landlock_abi = landlock::abi_version();
  if (options.confirm_with_session) confirm_with_sessions(p);
  p.took = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 started);
  return p;
}

}  // namespace

HostProbe probe_host(const ProbeOptions& options) {
  std::optional<std::filesystem::path> parent = options.cgroup2_parent;
  if (!parent) {
    if (const char* env = std::getenv("GRADEBOX_CGROUP2_PARENT"); env && *env) parent = env;
  }
  if (!parent && options.detect_cgroups) parent = cgroup2::own_cgroup_dir();
  // The host does not change under a process: one probe (and its trial sessions) per options.
  static std::mutex mutex;
  static std::map<std::string, HostProbe> cache;
  const std::string key =
      fmt::format("{}|{}{}{}{}", parent ? parent->string() : "", options.detect_namespaces,
                  options.detect_cgroups, options.thorough_cgroups, options.confirm_with_session);
  std::lock_guard lock(mutex);
  if (const auto found = cache.find(key); found != cache.end()) return found->second;
  return cache.emplace(key, probe_uncached(options, parent)).first->second;
}

namespace {

nlohmann::ordered_json path_or_null(const std::filesystem::path& path) {
  return path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(path.string());
}

double milliseconds(std::chrono::microseconds took) {
  return static_cast<double>(took.count()) / 1000.0;
}

nlohmann::ordered_json confirmation_json(const HostProbe& p) {
  if (p.trials.empty()) return nullptr;
  nlohmann::ordered_json trials = nlohmann::ordered_json::array();
  for (const auto& t : p.trials)
    trials.push_back({{"level", to_string(t.level)},
                      {"namespaces", t.namespaces},
                      {"ok", t.ok},
                      {"failure", t.failure},
                      {"layers", t.layers},
                      {"ms", milliseconds(t.took)}});
  const SessionTrial* working = p.working_trial();
  return {{"level", working ? nlohmann::ordered_json(to_string(working->level)) : nullptr},
          {"probe_ms", milliseconds(p.took)},
          {"trials", trials}};
}

// "cgroup1 (a session ran there in 4.2 ms)" / "none: every session failed (...)".
std::string confirmation_text(const HostProbe& p) {
  if (p.trials.empty()) return "not confirmed (no trial session)";
  if (const SessionTrial* working = p.working_trial()) {
    std::string text = fmt::format("a session ran at {} in {:.1f} ms", to_string(working->level),
                                   milliseconds(working->took));
    for (const auto& t : p.trials)
      if (!t.ok) text += fmt::format("; at {} it failed: {}", to_string(t.level), t.failure);
    return text;
  }
  return "no session runs here: " + p.trials.back().failure;
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
  j["confirmed"] = confirmation_json(p);
  j["layers"] = to_json(describe_layers(p));
  return j;
}

namespace {

std::string layers_text(const HostProbe& p) {
  std::string text = "layers:\n";
  for (const auto& s : describe_layers(p)) {
    text += fmt::format("  {:<17} {}\n", s.layer, s.detail);
    if (!s.fix.empty()) text += fmt::format("  {:<17} fix: {}\n", "", s.fix);
  }
  return text;
}

}  // namespace

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
             "landlock   : {}\n"
             "confirmed  : {}\n"
             "probe took : {:.1f} ms\n",
             to_string(p.best_level()), yes(p.root), p.cgroup2.delegation ? "usable" : "unusable",
             p.cgroup2.reason, p.cgroup1.hierarchies ? "usable" : "unusable", p.cgroup1.reason,
             ns.empty() ? "none" : ns, yes(p.seccomp),
             p.landlock_abi > 0 ? fmt::format("ABI {}", p.landlock_abi)
                                : std::string("unavailable"),
             confirmation_text(p), milliseconds(p.took)) +
         layers_text(p);
}

}  // namespace gradebox::sandbox
