// The limits of a grading session (autograde, validate) unless gradebox.toml [limits] says
// otherwise: sandbox::Limits' defaults, which an interactive session (gradebox-kernel) gets too,
// so that what a student runs is what gets graded, plus nbgrader's cell timeout (Execute.timeout:
// a student's exploratory cell may run long, a grading run may not) and output caps
// (LimitOutput). `gradebox kernelspec` writes the course's memory and pids into its kernelspec.
#pragma once

#include <chrono>

#include "sandbox/limits.hpp"

namespace gradebox::runtime {

inline sandbox::Limits grading_session_limits() {
  sandbox::Limits limits;
  limits.wall_time = std::chrono::seconds(30);
  limits.output_lines = 1000;
  limits.traceback_lines = 100;
  return limits;
}

}  // namespace gradebox::runtime
