// Owns the nbgrader CSV: nbgrader's exact header, one row per (assignment, student), including
// roster students who did not submit (score 0, empty timestamp). Extra per-cell columns follow
// max_score with --per-cell.
#include "grader/export/csv.hpp"
#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {

std::vector<ExportFile> write_nbgrader_csv(const GradeTable& table, const FormatOptions& options) {
  CsvRow header = {"assignment", "duedate",   "timestamp",
                   "student_id", "last_name", "first_name",
                   "email",      "raw_score", "late_submission_penalty",
                   "score",      "max_score"};
  const auto cells = options.per_cell ? per_cell_columns(table) : std::vector<PerCellColumn>{};
  for (const auto& c : cells) header.push_back(c.header);
  std::string out = csv_row(header);
  const std::string due = options.due ? records::format_rfc3339_utc(*options.due) : "";
  for (size_t a = 0; a < table.assignments.size(); ++a) {
    const auto& assignment = table.assignments[a];
    for (const auto& s : assignment.students) {
      CsvRow row = {assignment.name,
                    due,
                    s.submitted_at,
                    s.identity.student_id,
                    s.identity.last_name,
                    s.identity.first_name,
                    s.identity.email,
                    format_milli(s.raw_milli),
                    format_milli(s.penalty_milli),
                    format_milli(s.score_milli),
                    format_milli(assignment.max_milli)};
      for (const auto& c : cells)
        row.push_back(c.assignment == a ? format_milli(s.cells[c.column].points_milli) : "");
      out += csv_row(row);
    }
  }
  return {{"", std::move(out)}};
}

}  // namespace gradebox::exporting
