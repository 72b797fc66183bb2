// Resolves an assignment argument to (course root, assignment name).
#include "grader/cli/assignment_argument.hpp"

namespace gradebox::cli {

AssignmentRef resolve_assignment(const std::string& argument,
                                 const std::filesystem::path& course_root) {
  if (argument.find('/') != std::string::npos) {
    std::error_code ec;
    auto path = std::filesystem::weakly_canonical(argument, ec);
    if (!ec && path.filename().empty()) path = path.parent_path();  // trailing slash
    if (!ec && path.parent_path().filename() == "source")
      return {path.parent_path().parent_path(), path.filename().string()};
  }
  return {course_root, argument};
}

}  // namespace gradebox::cli
