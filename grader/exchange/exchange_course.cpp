// The course an exchange command works on (see exchange_course.hpp).
#include "grader/exchange/exchange_course.hpp"

namespace gradebox::exchange {

std::variant<ExchangeCourse, std::string> exchange_course(const CourseConfig& config,
                                                          const ExchangeOverrides& overrides) {
  ExchangeCourse course;
  course.root =
      overrides.root.empty() ? config.exchange.root : std::filesystem::path(overrides.root);
  course.course_id = overrides.course_id.empty() ? config.course_id : overrides.course_id;
  if (course.course_id.empty())
    return std::string(
        "no course id: pass --course-id or set c.CourseDirectory.course_id in nbgrader_config.py");
  if (auto problem = exchange_name_problem("course id", course.course_id)) return *problem;
  return course;
}

}  // namespace gradebox::exchange
