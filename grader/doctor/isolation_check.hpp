// Doctor check of the host's isolation: the sandbox library's probe (confirmed by a trial
// session), the level it allows, and one row per layer (sandbox/layer_report.hpp).
#pragma once

#include <nlohmann/json.hpp>

#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

// "isolation level" (pass at cgroup2/cgroup1, warn at rlimit, fail when no session starts), then
// one row per layer: pass when sessions use it, warn when not (fail for seccomp), with the fix.
CheckRows check_isolation();

// The probe behind those rows: `gradebox-run --probe --json` without its schema and version.
nlohmann::ordered_json isolation_details();

}  // namespace gradebox::doctor
