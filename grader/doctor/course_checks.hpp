// Doctor checks of a course directory: gradebox.toml parses, source/ release/ submitted/ exist,
// the signing key is private (mode 0600) and the trust store loads, and the sandbox's
// unprivileged uid can reach the course.
#pragma once

#include <filesystem>

#include "grader/course_config.hpp"
#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

// `loaded` is load_course_config(root) (the caller reuses its limits for the runtime check).
CheckRows check_course_layout(const std::filesystem::path& root, const LoadedCourseConfig& loaded);
CheckRows check_signing_keys(const std::filesystem::path& key_dir);

}  // namespace gradebox::doctor
