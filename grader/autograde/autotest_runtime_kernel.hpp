// The AUTOTEST step's kernel over the sandboxed runtime (release runs instructor code only here):
// one session per notebook, its working directory a private copy of the notebook's source folder
// (regular files only, no links, ignored names skipped), removed when the kernel closes.
#pragma once

#include <functional>
#include <memory>

#include "grader/autograde/grade_submission.hpp"
#include "grader/pipeline/autotest_kernel.hpp"

namespace gradebox::autograde {

// `start_runtime` is called once, at the first notebook with AUTOTEST directives (releases
// without them never start a worker).
pipeline::AutotestKernelFactory autotest_kernel_factory(
    std::function<std::shared_ptr<runtime::Runtime>()> start_runtime);

// The text/plain nbgrader's output hook keeps: the last execute_result or (update_)display_data.
std::optional<std::string> last_text_plain(const runtime::Event& event,
                                           std::optional<std::string> previous);

}  // namespace gradebox::autograde
