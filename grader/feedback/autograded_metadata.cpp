// Owns reading metadata.gradebox from autograded cells (the only file that knows those keys).
#include "grader/feedback/autograded_metadata.hpp"

#include <cmath>

#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::feedback {
namespace {
using notebook::Json;

std::string string_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<double> number_member(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

const Json& gradebox_metadata(const Json& cell) {
  static const Json empty = Json::object();
  const auto meta = cell.find("metadata");
  if (meta == cell.end() || !meta->is_object()) return empty;
  const auto own = meta->find("gradebox");
  return own != meta->end() && own->is_object() ? *own : empty;
}

}  // namespace

int64_t to_milli(double points) {
  return static_cast<int64_t>(std::llround(points * 1000.0));
}

NotebookGrades grades_from_autograded_metadata(const notebook::Notebook& autograded) {
  NotebookGrades grades;
  grades.source = "autograded notebook";
  for (const auto& cell : autograded.cells()) {
    if (!cell.is_object() || !notebook::carries_points(cell)) continue;
    const Json& meta = gradebox_metadata(cell);
    CellGrade grade;
    grade.grade_id = notebook::grade_id(cell);
    grade.max_milli = to_milli(notebook::points(cell).value_or(0));
    grade.verdict = string_member(meta, "verdict");
    grade.reason = string_member(meta, "reason");
    grade.manual = notebook::is_solution(cell) || notebook::is_task(cell) ||
                   notebook::cell_type(cell) != "code";
    if (const auto score = meta.find("score"); score != meta.end() && score->is_object()) {
      if (auto points = number_member(*score, "points")) grade.points_milli = to_milli(*points);
      if (auto max = number_member(*score, "max_points")) grade.max_milli = to_milli(*max);
      const std::string status = string_member(*score, "status");
      grade.needs_manual_grade = status == "manual_pending";
      grade.no_response = status == "no_response";
    }
    grades.cells[grade.grade_id] = std::move(grade);  // duplicates: the last wins, as in autograde
  }
  return grades;
}

}  // namespace gradebox::feedback
