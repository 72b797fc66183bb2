// Doctor checks of the embedded Python: the worker starts (its Python version), IPython imports
// in it, one sandboxed session runs a cell, and the scientific stack works in the sandbox
// (python_stack_check.hpp).
#pragma once

#include "grader/autograde/grade_submission.hpp"
#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

CheckRows check_python_runtime(const autograde::GradingLimits& limits);

}  // namespace gradebox::doctor
