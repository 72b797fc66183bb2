// Doctor checks of the embedded Python: the worker starts (its Python version), IPython and numpy
// import in it, and one sandboxed session runs a cell.
#pragma once

#include "grader/autograde/grade_submission.hpp"
#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

CheckRows check_python_runtime(const autograde::GradingLimits& limits);

}  // namespace gradebox::doctor
