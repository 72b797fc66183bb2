// Owns the Canvas gradebook CSV: Student ("Last, First"), ID (roster lms_id), SIS User ID,
// SIS Login ID, Section, then one "Assignment Name (lms id)" column per assignment (the
// " (id)" part only when --lms-assignment-id gave one), and the "Points Possible" row Canvas
// expects second. With --per-cell, "Assignment: grade_id" columns follow.
#include "grader/export/csv.hpp"
#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {
namespace {

std::string canvas_name(const RosterEntry& identity) {
  if (identity.last_name.empty() && identity.first_name.empty()) return identity.student_id;
  if (identity.first_name.empty()) return identity.last_name;
  if (identity.last_name.empty()) return identity.first_name;
  return identity.last_name + ", " + identity.first_name;
}

}  // namespace

std::vector<ExportFile> write_canvas_csv(const GradeTable& table, const FormatOptions& options) {
  CsvRow header = {"Student", "ID", "SIS User ID", "SIS Login ID", "Section"};
  CsvRow possible = {"    Points Possible", "", "", "", ""};
  for (const auto& assignment : table.assignments) {
    const std::string id = lms_assignment_id(options, assignment.name);
    header.push_back(id.empty() ? assignment.name : assignment.name + " (" + id + ")");
    possible.push_back(format_milli(assignment.max_milli));
  }
  const auto cells = options.per_cell ? per_cell_columns(table) : std::vector<PerCellColumn>{};
  for (const auto& c : cells) {
    const auto& assignment = table.assignments[c.assignment];
    header.push_back(assignment.name + ": " + assignment.columns[c.column].label);
    possible.push_back(format_milli(assignment.columns[c.column].max_milli));
  }
  std::string out = csv_row(header) + csv_row(possible);
  for (const auto& row : wide_rows(table)) {
    CsvRow fields = {canvas_name(row.identity), row.identity.lms_id, row.identity.sis_user_id,
                     row.identity.sis_login_id, row.identity.section};
    const auto scores = wide_score_fields(row, cells);
    fields.insert(fields.end(), scores.begin(), scores.end());
    out += csv_row(fields);
  }
  return {{"", std::move(out)}};
}

}  // namespace gradebox::exporting
