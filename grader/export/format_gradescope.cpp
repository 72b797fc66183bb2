// Owns Gradescope results.json, one per submission: <student>/results.json under the -o
// directory (<assignment>/<student>/results.json when several assignments are exported). Fields:
// score (after late penalty), output (summary), tests[] {name, score, max_score, output,
// visibility "visible"}. Roster students without a submission get no file.
#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/records/record_layout.hpp"

namespace gradebox::exporting {
namespace {

std::string summary(const StudentGrade& s, int64_t max_milli) {
  std::string text = "Score " + format_milli(s.score_milli) + " / " + format_milli(max_milli) + ".";
  if (s.penalty_milli > 0) text += " Late penalty " + format_milli(s.penalty_milli) + " applied.";
  if (s.manual_pending) text += " Some answers await manual grading.";
  if (s.status == "error") text += " Grading error: " + s.error;
  return text;
}

std::string test_output(const CellGrade& cell) {
  std::string text = "verdict: " + cell.verdict;
  if (cell.manual_pending) text += " (awaiting manual grading)";
  if (cell.manually_graded) text += " (manually graded)";
  if (!cell.comment.empty()) text += "\n" + cell.comment;
  return text;
}

}  // namespace

std::vector<ExportFile> write_gradescope_results(const GradeTable& table, const FormatOptions&) {
  std::vector<ExportFile> files;
  for (const auto& assignment : table.assignments) {
    for (const auto& s : assignment.students) {
      if (!s.submitted) continue;
      records::require_path_component(s.identity.student_id, "student id");
      nlohmann::json tests = nlohmann::json::array();
      for (size_t c = 0; c < assignment.columns.size(); ++c) {
        const CellGrade& cell = s.cells[c];
        tests.push_back({{"name", assignment.columns[c].label},
                         {"score", points_json(cell.points_milli)},
                         {"max_score", points_json(cell.max_milli)},
                         {"output", test_output(cell)},
                         {"visibility", "visible"}});
      }
      const nlohmann::ordered_json results = {{"score", points_json(s.score_milli)},
                                              {"output", summary(s, assignment.max_milli)},
                                              {"tests", tests}};
      const std::string prefix = table.assignments.size() > 1 ? assignment.name + "/" : "";
      files.push_back({prefix + s.identity.student_id + "/results.json", results.dump(2) + "\n"});
    }
  }
  return files;
}

}  // namespace gradebox::exporting
