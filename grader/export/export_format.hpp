// The export formats and what they share. Each format is one writer in its own file
// (format_<name>.cpp) turning the grade table into output files. A writer returns the files to
// write: relative_path "" is the -o target itself (or stdout); Gradescope writes one
// <student>/results.json per submission under the -o directory.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/export/grade_table.hpp"

namespace gradebox::exporting {

enum class ExportFormat { nbgrader, canvas, moodle, blackboard, gradescope, lti_ags, json };

// Throws std::invalid_argument listing the valid names.
ExportFormat parse_export_format(std::string_view name);
std::string_view to_string(ExportFormat format);
bool writes_directory(ExportFormat format);

struct FormatOptions {
  bool per_cell = false;
  std::optional<records::UtcSeconds> due;
  std::map<std::string, std::string> lms_assignment_ids;  // assignment -> LMS id ("" key: any)
  std::string moodle_identifier = "email";                // email | username | idnumber
};

struct ExportFile {
  std::string relative_path;
  std::string content;
};

std::vector<ExportFile> write_nbgrader_csv(const GradeTable& table, const FormatOptions& options);
std::vector<ExportFile> write_canvas_csv(const GradeTable& table, const FormatOptions& options);
std::vector<ExportFile> write_moodle_csv(const GradeTable& table, const FormatOptions& options);
std::vector<ExportFile> write_blackboard_csv(const GradeTable& table, const FormatOptions& options);
std::vector<ExportFile> write_gradescope_results(const GradeTable& table,
                                                 const FormatOptions& options);
std::vector<ExportFile> write_lti_ags_lines(const GradeTable& table, const FormatOptions& options);
std::vector<ExportFile> write_json_grades(const GradeTable& table, const FormatOptions& options);

std::vector<ExportFile> write_export(ExportFormat format, const GradeTable& table,
                                     const FormatOptions& options);

// Shared helpers for writers.
std::string lms_assignment_id(const FormatOptions& options, const std::string& assignment);
std::string username_or_student_id(const RosterEntry& identity);
// Points as a JSON number without float noise: an integer when whole, else the shortest double
// that reads back as the same decimal (1500 -> 1.5, 7000 -> 7).
nlohmann::json points_json(int64_t milli);

// Wide formats (Canvas, Moodle, Blackboard) have one row per student across assignments.
struct WideRow {
  RosterEntry identity;
  std::vector<const StudentGrade*> grades;  // per table assignment; nullptr when absent
};
std::vector<WideRow> wide_rows(const GradeTable& table);

// --per-cell columns: the cell label, prefixed "assignment:" when the table has several.
struct PerCellColumn {
  size_t assignment;
  size_t column;
  std::string header;
};
std::vector<PerCellColumn> per_cell_columns(const GradeTable& table);

// A wide row's score fields: each assignment's total, then the --per-cell columns; empty where the
// student has no grade.
std::vector<std::string> wide_score_fields(const WideRow& row,
                                           const std::vector<PerCellColumn>& cells);

}  // namespace gradebox::exporting
