// Owns merging record and manual-grade contents into NotebookGrades.
#include "grader/feedback/record_grades.hpp"

#include <set>

namespace gradebox::feedback {
namespace {

std::vector<TamperingNote> notebook_findings(const std::vector<records::TamperingFinding>& all,
                                             const std::string& notebook_name) {
  std::vector<TamperingNote> mine;
  for (const auto& finding : all)
    if (finding.notebook.empty() || finding.notebook == notebook_name)
      mine.push_back({finding.grade_id, finding.cell_index, finding.kind, finding.detail});
  return mine;
}

}  // namespace

NotebookGrades grades_from_record(const records::GradeRecord& record,
                                  const std::string& notebook_name, const NotebookGrades& shown) {
  NotebookGrades grades;
  for (const auto& cell : record.cells) {
    if (cell.notebook != notebook_name) continue;
    CellGrade& grade = grades.cells[cell.grade_id];
    grade.grade_id = cell.grade_id;
    grade.points_milli = cell.points_milli;
    grade.max_milli = cell.max_milli;
    grade.verdict = cell.verdict;
    grade.manual = cell.manual;
    grade.needs_manual_grade = cell.needs_manual_grade;
    if (const auto own = shown.cells.find(cell.grade_id); own != shown.cells.end()) {
      // A manual answer's "ok" only says it was not run as a test; show the notebook's own.
      if (cell.manual) grade.verdict = own->second.verdict;
      grade.reason = own->second.reason;
      grade.no_response = own->second.no_response;
    } else if (cell.manual) {
      grade.verdict.clear();
    }
  }
  grades.tampering = notebook_findings(record.tampering, notebook_name);
  grades.notes = notebook_findings(record.notes, notebook_name);
  grades.source = "signed grade record " + record.record_id + " (graded " + record.graded_at + ")";
  return grades;
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
    it->second.no_response = false;
    it->second.comment = m.comment;
  }
}

records::GradeTotals record_totals(const records::GradeRecord& record,
                                   const std::vector<records::ManualGrade>* manual) {
  std::set<std::string> notebooks;
  for (const auto& cell : record.cells) notebooks.insert(cell.notebook);
  records::GradeTotals totals;
  for (const auto& name : notebooks) {
    NotebookGrades grades = grades_from_record(record, name, {});
    if (manual) apply_manual_grades(grades, *manual, name);
    totals.points_milli += grades.points_milli();
    totals.max_milli += grades.max_milli();
    for (const auto& [id, grade] : grades.cells) totals.manual_pending += grade.needs_manual_grade;
  }
  return totals;
}

}  // namespace gradebox::feedback
