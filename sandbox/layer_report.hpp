// Per isolation layer: does the host offer it, did the probe's trial session get it, and if not,
// why and what an operator can change. `gradebox doctor` and `gradebox-run --probe` print it.
//
// Layers: user, pid, net, ipc, uts and mount namespaces; cgroup memory and cgroup pids (v2 or
// v1, with the path used); landlock (ABI); seccomp; rlimits (RLIMIT_NPROC's rule); private
// /dev/shm. "used" comes from the trial session (session_trial.hpp), so it is what a grading
// session gets; without trials (ProbeOptions::confirm_with_session off) nothing is "used".
//
// JSON (to_json): [{"layer","available":bool,"used":bool,"detail":text,"fix":text}]
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sandbox/probe.hpp"

namespace gradebox::sandbox {

struct LayerState {
  std::string layer;  // "user namespace", "cgroup memory", "landlock", ...
  bool available = false;
  bool used = false;
  std::string detail;  // what was found; when not used, why
  std::string fix;     // "" when used
};

std::vector<LayerState> describe_layers(const HostProbe& probe);

nlohmann::ordered_json to_json(const std::vector<LayerState>& layers);

}  // namespace gradebox::sandbox
