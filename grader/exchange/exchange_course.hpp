// Which course of which exchange a command works on: the course's configuration (gradebox.toml,
// nbgrader_config.py: Exchange.root, CourseDirectory.course_id / Exchange.course_id) with the
// command line's --exchange and --course-id over it. nbgrader refuses an empty course id
// ("No course id specified"); so does gradebox.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"

namespace gradebox::exchange {

struct ExchangeOverrides {
  std::string root;       // --exchange
  std::string course_id;  // --course-id
};

// The course, or the problem (no course id, a course id that cannot be a folder name).
std::variant<ExchangeCourse, std::string> exchange_course(const CourseConfig& config,
                                                          const ExchangeOverrides& overrides);

}  // namespace gradebox::exchange
