// Starting the runtime that autograde and validate run student code in: the policy built from the
// course's limits, and a SessionFactory over one shared zygote.
#pragma once

#include <memory>

#include "grader/autograde/grade_submission.hpp"
#include "kernel/runtime/runtime.hpp"

namespace gradebox::autograde {

runtime::RuntimePolicy grading_policy(const GradingLimits& limits);

// Throws runtime::RuntimeStartError when the worker cannot start (with the runtime's reason).
std::shared_ptr<runtime::Runtime> start_grading_runtime(const GradingLimits& limits);
SessionFactory session_factory(std::shared_ptr<runtime::Runtime> runtime);
SessionReserver session_reserver(std::shared_ptr<runtime::Runtime> runtime);

}  // namespace gradebox::autograde
