// A manual grade: a grader's score for one manually graded cell of one student's submission,
// signed on its own (DSSE, payload type kManualGradePayloadType). Export merges it over the grade
// record: the manual score replaces the auto score for that cell, as in nbgrader; the newest
// manual grade for a cell wins.
//
// Body schema "gradebox.manual-grade", schema_version 1:
//   schema, schema_version, record_id, course, assignment, student
//   notebook, grade_id            the cell being graded
//   points_milli                  integer milli-points awarded (>= 0)
//   comment                       free text for the student ("" when none)
//   grader                        who graded (login name or "")
//   gradebox_version, graded_at   as in the grade record (graded_at is the signing time)
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gradebox::records {

inline constexpr std::string_view kManualGradePayloadType =
    "application/vnd.gradebox.manual-grade+json;version=1";
inline constexpr const char* kManualGradeSchema = "gradebox.manual-grade";
inline constexpr int64_t kManualGradeSchemaVersion = 1;

struct ManualGrade {
  std::string record_id;
  std::string course;
  std::string assignment;
  std::string student;
  std::string notebook;
  std::string grade_id;
  int64_t points_milli = 0;
  std::string comment;
  std::string grader;
  std::string gradebox_version;
  std::string graded_at;
};

nlohmann::json to_json(const ManualGrade& grade);
ManualGrade manual_grade_from_json(const nlohmann::json& body);

}  // namespace gradebox::records
