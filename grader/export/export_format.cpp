// Owns format names, dispatch to the writers, and helpers the writers share.
#include "grader/export/export_format.hpp"

#include <stdexcept>

#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {
namespace {

constexpr std::pair<ExportFormat, std::string_view> kNames[] = {
    {ExportFormat::nbgrader, "nbgrader"},
    {ExportFormat::canvas, "canvas"},
    {ExportFormat::moodle, "moodle"},
    {ExportFormat::blackboard, "blackboard"},
    {ExportFormat::gradescope, "gradescope"},
    {ExportFormat::lti_ags, "lti-ags"},
    {ExportFormat::json, "json"},
};

}  // namespace

ExportFormat parse_export_format(std::string_view name) {
  for (const auto& [format, text] : kNames) {
    if (text == name) return format;
  }
  throw std::invalid_argument(
      "unknown format \"" + std::string(name) +
      "\" (use nbgrader, canvas, moodle, blackboard, gradescope, lti-ags or json)");
}

std::string_view to_string(ExportFormat format) {
  for (const auto& [f, text] : kNames) {
    if (f == format) return text;
  }
  return "unknown";
}

bool writes_directory(ExportFormat format) {
  return format == ExportFormat::gradescope;
}

std::vector<ExportFile> write_export(ExportFormat format, const GradeTable& table,
                                     const FormatOptions& options) {
  switch (format) {
    case ExportFormat::nbgrader:
      return write_nbgrader_csv(table, options);
    case ExportFormat::canvas:
      return write_canvas_csv(table, options);
    case ExportFormat::moodle:
      return write_moodle_csv(table, options);
    case ExportFormat::blackboard:
      return write_blackboard_csv(table, options);
    case ExportFormat::gradescope:
      return write_gradescope_results(table, options);
    case ExportFormat::lti_ags:
      return write_lti_ags_lines(table, options);
    case ExportFormat::json:
      return write_json_grades(table, options);
  }
  throw std::logic_error("unhandled export format");
}

std::string lms_assignment_id(const FormatOptions& options, const std::string& assignment) {
  auto it = options.lms_assignment_ids.find(assignment);
  if (it == options.lms_assignment_ids.end()) it = options.lms_assignment_ids.find("");
  return it == options.lms_assignment_ids.end() ? "" : it->second;
}

std::string username_or_student_id(const RosterEntry& identity) {
  return identity.username.empty() ? identity.student_id : identity.username;
}

nlohmann::json points_json(int64_t milli) {
  if (milli % 1000 == 0) return milli / 1000;
  return double(milli) / 1000.0;
}

std::vector<WideRow> wide_rows(const GradeTable& table) {
  std::vector<WideRow> rows;
  std::map<std::string, size_t> position;
  for (size_t a = 0; a < table.assignments.size(); ++a) {
    for (const auto& student : table.assignments[a].students) {
      auto [it, inserted] = position.emplace(student.identity.student_id, rows.size());
      if (inserted)
        rows.push_back(
            {student.identity, std::vector<const StudentGrade*>(table.assignments.size())});
      rows[it->second].grades[a] = &student;
    }
  }
  return rows;
}

std::vector<PerCellColumn> per_cell_columns(const GradeTable& table) {
  std::vector<PerCellColumn> columns;
  for (size_t a = 0; a < table.assignments.size(); ++a) {
    const auto& assignment = table.assignments[a];
    for (size_t c = 0; c < assignment.columns.size(); ++c) {
      const std::string prefix = table.assignments.size() > 1 ? assignment.name + ":" : "";
      columns.push_back({a, c, prefix + assignment.columns[c].label});
    }
  }
  return columns;
}

std::vector<std::string> wide_score_fields(const WideRow& row,
                                           const std::vector<PerCellColumn>& cells) {
  std::vector<std::string> fields;
  for (const auto* grade : row.grades)
    fields.push_back(grade ? format_milli(grade->score_milli) : "");
  for (const auto& c : cells) {
    const auto* grade = row.grades[c.assignment];
    fields.push_back(grade ? format_milli(grade->cells[c.column].points_milli) : "");
  }
  return fields;
}

}  // namespace gradebox::exporting
