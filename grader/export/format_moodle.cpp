// Owns the Moodle grade import CSV: one identifier column that Moodle maps to its users
// (--moodle-identifier email -> "Email address" from the roster's email; username ->
// "Username" from username, else the student id; idnumber -> "ID number" from sis_user_id, else
// the student id), then one column per assignment (and per cell with --per-cell).
#include <stdexcept>

#include "grader/export/csv.hpp"
#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {
namespace {

std::pair<std::string, std::string> identifier(const std::string& kind,
                                               const RosterEntry& identity) {
  if (kind == "email") return {"Email address", identity.email};
  if (kind == "username") return {"Username", username_or_student_id(identity)};
  if (kind == "idnumber") {
    return {"ID number", identity.sis_user_id.empty() ? identity.student_id : identity.sis_user_id};
  }
  throw std::invalid_argument("--moodle-identifier must be email, username or idnumber, not \"" +
                              kind + "\"");
}

}  // namespace

std::vector<ExportFile> write_moodle_csv(const GradeTable& table, const FormatOptions& options) {
  CsvRow header = {identifier(options.moodle_identifier, RosterEntry{}).first};
  for (const auto& assignment : table.assignments) header.push_back(assignment.name);
  const auto cells = options.per_cell ? per_cell_columns(table) : std::vector<PerCellColumn>{};
  for (const auto& c : cells) header.push_back(c.header);
  std::string out = csv_row(header);
  for (const auto& row : wide_rows(table)) {
    CsvRow fields = {identifier(options.moodle_identifier, row.identity).second};
    const auto scores = wide_score_fields(row, cells);
    fields.insert(fields.end(), scores.begin(), scores.end());
    out += csv_row(fields);
  }
  return {{"", std::move(out)}};
}

}  // namespace gradebox::exporting
