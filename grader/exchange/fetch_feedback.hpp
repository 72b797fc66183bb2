// `gradebox fetch-feedback`: nbgrader's fetch_feedback. For each of the student's cached
// submissions of the assignment, opens feedback/<hash>.html of each notebook by name (the folder
// is not listable), reads it without following links and size-capped, and writes it to
// <assignment folder>/feedback/<timestamp>/<notebook>.html, replacing an older copy.
#pragma once

#include <filesystem>
#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::exchange {

ExchangeReport fetch_feedback(const CourseConfig& config, const ExchangeCourse& course,
                              const std::string& assignment,
                              const std::filesystem::path& assignment_dir,
                              const std::filesystem::path& cache_dir);

}  // namespace gradebox::exchange
