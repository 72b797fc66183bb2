// The limits of a session as environment variables of its Python process, so student code can
// read them (docs/students.md, "Reading your limits from code"):
//   GRADEBOX_LIMIT_MEMORY_BYTES            memory of the session
//   GRADEBOX_LIMIT_CELL_TIMEOUT_SECONDS    wall time one cell may run; 0: none
//   GRADEBOX_LIMIT_CPU_SECONDS             CPU time of the session; 0: none
//   GRADEBOX_LIMIT_OUTPUT_BYTES            output one cell may write
//   GRADEBOX_LIMIT_PIDS                    processes and threads of the session
// Whole numbers, seconds possibly with a fraction ("2.5"). Set by the trusted side in every
// session, after the caller's own variables, so they always state the limits enforced.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sandbox/limits.hpp"

namespace gradebox::runtime {

std::vector<std::pair<std::string, std::string>> limit_environment(const sandbox::Limits& limits);

}  // namespace gradebox::runtime
