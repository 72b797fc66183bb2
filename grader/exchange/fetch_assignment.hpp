// `gradebox fetch`: nbgrader's fetch_assignment. Reads <exchange>/<course_id>/outbound/<a>/ into
// memory (no link followed, regular files only, size-capped: the exchange is student-writable)
// and writes it to the student's <assignment_dir>/[<course_id>/]<a>/. An existing copy is an error
// unless `replace_missing`, which then only restores the files that are missing (nbgrader's
// --replace), never touching the student's work.
#pragma once

#include <filesystem>
#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::exchange {

ExchangeReport fetch_assignment(const CourseConfig& config, const ExchangeCourse& course,
                                const std::string& assignment,
                                const std::filesystem::path& assignment_dir, bool replace_missing);

}  // namespace gradebox::exchange
