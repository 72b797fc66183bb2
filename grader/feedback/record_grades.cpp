// Owns merging record and manual-grade contents into NotebookGrades.
#include "grader/feedback/record_grades.hpp"

namespace gradebox::feedback {

void apply_grade_record(NotebookGrades& grades, const records::GradeRecord& record,
                        const std::string& notebook_name) {
  for (const auto& cell : record.cells) {
    if (cell.notebook != notebook_name) continue;
    CellGrade& grade = grades.cells[cell.grade_id];
    grade.grade_id = cell.grade_id;
    grade.points_milli = cell.points_milli;
    grade.max_milli = cell.max_milli;
    // A manual answer's "ok" only says it was not run as a test; keep the notebook's own verdict.
    if (!cell.manual) grade.verdict = cell.verdict;
    grade.manual = cell.manual;
    grade.needs_manual_grade = cell.needs_manual_grade;
  }
  for (const auto& finding : record.tampering) {
    if (!finding.notebook.empty() && finding.notebook != notebook_name) continue;
    grades.tampering.push_back({finding.grade_id, finding.cell_index, finding.kind, finding.detail});
  }
  grades.source = "signed grade record " + record.record_id + " (graded " + record.graded_at + ")";
}

void apply_manual_grades(NotebookGrades& grades, const std::vector<records::ManualGrade>& manual,
                         const std::string& notebook_name) {
  for (const auto& m : manual) {
    if (m.notebook != notebook_name) continue;
    const auto it = grades.cells.find(m.grade_id);
    if (it == grades.cells.end()) continue;  // a grade for a cell this notebook does not have
    it->second.points_milli = m.points_milli;
    it->second.manually_graded = true;
    it->second.needs_manual_grade = false;
    it->second.comment = m.comment;
  }
}

}  // namespace gradebox::feedback
