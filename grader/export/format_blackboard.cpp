// Owns the Blackboard Grade Center upload CSV: "Username" (roster username, else the student id),
// then "Name [Total Pts: N Score] |column_id" per assignment (" |column_id" only when
// --lms-assignment-id gave one, which makes Blackboard update that column).
#include "grader/export/csv.hpp"
#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {
namespace {

std::string blackboard_column(const std::string& name, int64_t max_milli, const std::string& id) {
  std::string header = name + " [Total Pts: " + format_milli(max_milli) + " Score]";
  if (!id.empty()) header += " |" + id;
  return header;
}

}  // namespace

std::vector<ExportFile> write_blackboard_csv(const GradeTable& table,
                                             const FormatOptions& options) {
  CsvRow header = {"Username"};
  for (const auto& assignment : table.assignments) {
    header.push_back(blackboard_column(assignment.name, assignment.max_milli,
                                       lms_assignment_id(options, assignment.name)));
  }
  const auto cells = options.per_cell ? per_cell_columns(table) : std::vector<PerCellColumn>{};
  for (const auto& c : cells) {
    header.push_back(blackboard_column(
        c.header, table.assignments[c.assignment].columns[c.column].max_milli, ""));
  }
  std::string out = csv_row(header);
  for (const auto& row : wide_rows(table)) {
    CsvRow fields = {username_or_student_id(row.identity)};
    const auto scores = wide_score_fields(row, cells);
    fields.insert(fields.end(), scores.begin(), scores.end());
    out += csv_row(fields);
  }
  return {{"", std::move(out)}};
}

}  // namespace gradebox::exporting
