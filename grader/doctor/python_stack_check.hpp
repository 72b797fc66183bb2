// Doctor check of the scientific stack inside a sandboxed session: each preloaded module and each
// of numpy, pandas, scipy, sklearn, statsmodels, sympy, numba, matplotlib and ipywidgets is
// imported and used once (a DataFrame, a BLAS call, a JIT compile, a plot) in a session confined
// exactly as grading confines one, so a seccomp rule or a Landlock read list that breaks a module
// shows here, not in a student's record. One row per module.
#pragma once

#include <string>
#include <vector>

#include "grader/doctor/doctor_check.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::doctor {

// The modules checked besides the preload list, in row order.
std::vector<std::string> python_stack_modules();

// `preload`: the modules the zygote was asked to import; `configured`: they came from
// gradebox.toml (a missing one fails) rather than the default (a missing one warns).
CheckRows check_python_stack(runtime::Runtime& runtime, const std::vector<std::string>& preload,
                             bool configured);

}  // namespace gradebox::doctor
