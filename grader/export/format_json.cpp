// Owns the plain JSON export, schema "gradebox.export" version 1: the whole grade table with
// exact integer milli-points ({"assignments": [{name, max_milli, columns[], students[]}]}), for
// scripts that want everything without parsing CSV.
#include "grader/export/export_format.hpp"

namespace gradebox::exporting {

std::vector<ExportFile> write_json_grades(const GradeTable& table, const FormatOptions& options) {
  nlohmann::ordered_json assignments = nlohmann::ordered_json::array();
  for (const auto& a : table.assignments) {
    nlohmann::ordered_json columns = nlohmann::ordered_json::array();
    for (const auto& c : a.columns) {
      columns.push_back({{"notebook", c.notebook},
                         {"grade_id", c.grade_id},
                         {"label", c.label},
                         {"max_milli", c.max_milli}});
    }
    nlohmann::ordered_json students = nlohmann::ordered_json::array();
    for (const auto& s : a.students) {
      nlohmann::ordered_json cells = nlohmann::ordered_json::array();
      for (const auto& c : s.cells) {
        cells.push_back({{"points_milli", c.points_milli},
                         {"max_milli", c.max_milli},
                         {"verdict", c.verdict},
                         {"manual_pending", c.manual_pending},
                         {"manually_graded", c.manually_graded},
                         {"comment", c.comment}});
      }
      students.push_back({{"student_id", s.identity.student_id},
                          {"first_name", s.identity.first_name},
                          {"last_name", s.identity.last_name},
                          {"email", s.identity.email},
                          {"lms_id", s.identity.lms_id},
                          {"in_roster", s.in_roster},
                          {"submitted", s.submitted},
                          {"status", s.status},
                          {"error", s.error},
                          {"graded_at", s.graded_at},
                          {"submitted_at", s.submitted_at},
                          {"seconds_late", s.seconds_late},
                          {"raw_milli", s.raw_milli},
                          {"penalty_milli", s.penalty_milli},
                          {"score_milli", s.score_milli},
                          {"manual_pending", s.manual_pending},
                          {"cells", cells}});
    }
    assignments.push_back({{"name", a.name},
                           {"max_milli", a.max_milli},
                           {"columns", columns},
                           {"students", students}});
  }
  const nlohmann::ordered_json out = {
      {"schema", "gradebox.export"},
      {"schema_version", 1},
      {"due", options.due ? records::format_rfc3339_utc(*options.due) : ""},
      {"assignments", assignments}};
  return {{"", out.dump(2) + "\n"}};
}

}  // namespace gradebox::exporting
