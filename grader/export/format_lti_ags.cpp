// Owns LTI 1.3 Assignment and Grade Services score lines: one JSON object per line, ready to
// POST to a line item's /scores endpoint: userId (roster lms_id, else the student id),
// scoreGiven, scoreMaximum, activityProgress "Completed", gradingProgress "FullyGraded" or
// "PendingManual" while manual grading is pending, timestamp (graded_at), comment. A line item
// is one assignment, so this format needs exactly one assignment (--assignment).
#include <stdexcept>

#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {

std::vector<ExportFile> write_lti_ags_lines(const GradeTable& table, const FormatOptions&) {
  if (table.assignments.size() > 1) {
    throw std::invalid_argument(
        "lti-ags scores belong to one line item: choose one assignment with --assignment");
  }
  std::string out;
  for (const auto& assignment : table.assignments) {
    for (const auto& s : assignment.students) {
      if (!s.submitted) continue;
      std::string comment;
      if (s.penalty_milli > 0)
        comment = "Late penalty " + format_milli(s.penalty_milli) + " applied.";
      const nlohmann::ordered_json line = {
          {"userId", s.identity.lms_id.empty() ? s.identity.student_id : s.identity.lms_id},
          {"scoreGiven", points_json(s.score_milli)},
          {"scoreMaximum", points_json(assignment.max_milli)},
          {"activityProgress", "Completed"},
          {"gradingProgress", s.manual_pending ? "PendingManual" : "FullyGraded"},
          {"timestamp", s.graded_at},
          {"comment", comment}};
      out += line.dump() + "\n";
    }
  }
  return {{"", std::move(out)}};
}

}  // namespace gradebox::exporting
