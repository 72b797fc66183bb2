// Doctor check of the host's isolation: the sandbox library's probe and the level it allows.
#pragma once

#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

// "isolation level" (pass at cgroup2/cgroup1, warn at rlimit), "seccomp" and "landlock" rows.
CheckRows check_isolation();

}  // namespace gradebox::doctor
