// `gradebox release-assignment`: nbgrader's release_assignment. Copies <course>/release/<a>/ (read
// into memory, links and special files left out) to <exchange>/<course_id>/outbound/<a>/,
// creating the course's exchange folders with nbgrader's modes. An existing outbound/<a> that
// differs is not replaced without `force`: students may have fetched it, and they keep the copy
// they have (saying so is the point); the same files again is a no-op.
#pragma once

#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_directory.hpp"
#include "grader/exchange/exchange_layout.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::exchange {

ExchangeReport release_assignment(const CourseConfig& config, const ExchangeCourse& course,
                                  const std::string& assignment, bool force);

// Creates (or checks) <root>/<course_id>/ with outbound/ and inbound/ as nbgrader's release does;
// returns the course folder's fd. Throws std::filesystem::filesystem_error.
UniqueFd ensure_course_folders(const ExchangeCourse& course, ExchangeReport& report);

}  // namespace gradebox::exchange
