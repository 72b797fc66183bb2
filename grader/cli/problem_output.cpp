// Text and JSON renderings of problem lists.
#include "grader/cli/problem_output.hpp"

#include "grader/course/printable_text.hpp"

namespace gradebox::cli {

void print_problems(std::ostream& out, const notebook::Problems& problems) {
  for (auto problem : problems) {
    // Paths and messages can hold what a student named a folder or file: no raw control bytes.
    problem.file = course::printable_text(problem.file.string());
    problem.location = course::printable_text(problem.location);
    problem.grade_id = course::printable_text(problem.grade_id);
    problem.message = course::printable_text(problem.message);
    problem.hint = course::printable_text(problem.hint);
    out << notebook::format_problem(problem) << "\n";
  }
}

notebook::Json problems_to_json(const notebook::Problems& problems) {
  notebook::Json list = notebook::Json::array();
  for (const auto& p : problems) {
    notebook::Json item = notebook::Json::object();
    item["severity"] = p.severity == notebook::Severity::error ? "error" : "warning";
    item["file"] = p.file.string();
    item["cell_index"] = p.cell_index ? notebook::Json(*p.cell_index) : notebook::Json(nullptr);
    item["grade_id"] = p.grade_id.empty() ? notebook::Json(nullptr) : notebook::Json(p.grade_id);
    item["message"] = p.message;
    item["hint"] = p.hint;
    item["location"] = p.location.empty() ? notebook::Json(nullptr) : notebook::Json(p.location);
    list.push_back(std::move(item));
  }
  return list;
}

}  // namespace gradebox::cli
