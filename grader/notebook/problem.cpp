// Human-readable form of a Problem.
#include "grader/notebook/problem.hpp"

#include <algorithm>

namespace gradebox::notebook {

std::string format_problem(const Problem& problem) {
  std::string text = problem.file.string();
  if (!problem.location.empty()) text += " (" + problem.location + ")";
  if (problem.cell_index) text += ": cell " + std::to_string(*problem.cell_index);
  if (!problem.grade_id.empty()) text += " (grade_id '" + problem.grade_id + "')";
  text += problem.severity == Severity::error ? ": error: " : ": warning: ";
  text += problem.message;
  if (!problem.hint.empty()) text += "\n    fix: " + problem.hint;
  return text;
}

bool has_errors(const Problems& problems) {
  return std::any_of(problems.begin(), problems.end(),
                     [](const Problem& p) { return p.severity == Severity::error; });
}

}  // namespace gradebox::notebook
