// The pre-release checklist (`gradebox check`): every metadata and region rule and AUTOTEST's
// templates and placement (rendered without a kernel), nothing executed,
// nothing written. It runs the release's validating steps on a copy and lists every problem.
#pragma once

#include <filesystem>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::pipeline {

notebook::Problems check_notebook(const notebook::Notebook& nb, const CourseConfig& config);

// Loads and checks each file; an unreadable notebook is a problem naming the file and position.
notebook::Problems check_notebook_files(const std::vector<std::filesystem::path>& files,
                                        const CourseConfig& config);

}  // namespace gradebox::pipeline
