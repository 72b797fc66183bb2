// Owns the manual grade body: its JSON form and strict reading.
#include "grader/records/manual_grade.hpp"

#include <stdexcept>

#include "grader/records/json_fields.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

nlohmann::json to_json(const ManualGrade& g) {
  return {{"schema", kManualGradeSchema},
          {"schema_version", kManualGradeSchemaVersion},
          {"record_id", g.record_id},
          {"course", g.course},
          {"assignment", g.assignment},
          {"student", g.student},
          {"notebook", g.notebook},
          {"grade_id", g.grade_id},
          {"points_milli", g.points_milli},
          {"comment", g.comment},
          {"grader", g.grader},
          {"gradebox_version", g.gradebox_version},
          {"graded_at", g.graded_at}};
}

ManualGrade manual_grade_from_json(const nlohmann::json& body) {
  require_schema(body, kManualGradeSchema, kManualGradeSchemaVersion);
  ManualGrade g;
  g.record_id = require_string(body, "record_id");
  g.course = require_string(body, "course");
  g.assignment = require_string(body, "assignment");
  g.student = require_string(body, "student");
  g.notebook = require_string(body, "notebook");
  g.grade_id = require_string(body, "grade_id");
  g.points_milli = require_integer(body, "points_milli");
  if (g.points_milli < 0) throw std::invalid_argument("points_milli must not be negative");
  g.comment = require_string(body, "comment");
  g.grader = require_string(body, "grader");
  g.gradebox_version = require_string(body, "gradebox_version");
  g.graded_at = require_string(body, "graded_at");
  if (!parse_timestamp(g.graded_at))
    throw std::invalid_argument("graded_at is not an RFC 3339 time: " + g.graded_at);
  return g;
}

}  // namespace gradebox::records
