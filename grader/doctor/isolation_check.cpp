// Runs sandbox::probe_host (what `gradebox-run --probe` prints; cached per process) and grades
// its answer.
#include "grader/doctor/isolation_check.hpp"

#include <fmt/format.h>

#include "sandbox/layer_report.hpp"
#include "sandbox/probe.hpp"

namespace gradebox::doctor {

namespace {

CheckRow level_row(const sandbox::HostProbe& probe) {
  const auto level = probe.best_level();
  CheckRow row{"isolation level", CheckStatus::pass, std::string(sandbox::to_string(level)), ""};
  if (probe.no_working_session()) {
    row.status = CheckStatus::fail;
    row.detail = "no sandboxed session starts here: " + probe.trials.back().failure;
    row.fix = "see the layer rows below; under a container runtime, its seccomp profile";
    return row;
  }
  if (const auto* trial = probe.working_trial())
    row.detail += fmt::format(" (a trial session ran at this level in {:.1f} ms)",
                              static_cast<double>(trial->took.count()) / 1000.0);
  if (level == sandbox::IsolationLevel::rlimit) {
    row.status = CheckStatus::warn;
    row.detail += ": no cgroup for sessions; memory is limited per process by rlimits";
    row.fix =
        "run under a delegated cgroup2 subtree (systemd Delegate=yes, or "
        "GRADEBOX_CGROUP2_PARENT=<writable cgroup dir>); normal in Kubernetes pods";
  }
  return row;
}

CheckStatus layer_status(const sandbox::LayerState& layer) {
  if (layer.used) return CheckStatus::pass;
  // Without seccomp no session starts; every other layer missing still grades, with less.
  return layer.layer == "seccomp" ? CheckStatus::fail : CheckStatus::warn;
}

}  // namespace

CheckRows check_isolation() {
  const sandbox::HostProbe probe = sandbox::probe_host();
  CheckRows rows{level_row(probe)};
  for (const auto& layer : sandbox::describe_layers(probe))
    rows.push_back({layer.layer, layer_status(layer), layer.detail, layer.fix});
  return rows;
}

nlohmann::ordered_json isolation_details() {
  nlohmann::ordered_json details = sandbox::to_json(sandbox::probe_host());
  details.erase("schema");
  details.erase("version");
  return details;
}

}  // namespace gradebox::doctor
