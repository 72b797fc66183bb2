// Owns merging verified records, manual grades, roster and late policy into the grade table.
#include "grader/export/grade_table.hpp"

#include <algorithm>
#include <map>

#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {
namespace {

using records::GradeRecord;
using records::ManualGrade;
using CellKey = std::pair<std::string, std::string>;  // notebook, grade_id

std::vector<CellColumn> columns_of(const std::vector<const records::VerifiedGradeRecord*>& recs) {
  std::vector<CellColumn> columns;
  std::map<CellKey, size_t> position;
  for (const auto* r : recs) {
    for (const auto& cell : r->record.cells) {
      const CellKey key{cell.notebook, cell.grade_id};
      const auto it = position.find(key);
      if (it == position.end()) {
        position[key] = columns.size();
        columns.push_back({cell.notebook, cell.grade_id, cell.grade_id, cell.max_milli});
      } else {
        columns[it->second].max_milli = std::max(columns[it->second].max_milli, cell.max_milli);
      }
    }
  }
  std::map<std::string, int> uses;
  for (const auto& c : columns) ++uses[c.grade_id];
  for (auto& c : columns) {
    if (uses[c.grade_id] > 1) c.label = c.notebook + ":" + c.grade_id;
  }
  return columns;
}

StudentGrade grade_student(const GradeRecord& record, const std::vector<CellColumn>& columns,
                           const std::map<CellKey, const ManualGrade*>& manual,
                           const GradeTableOptions& options, std::vector<std::string>& notes) {
  StudentGrade row;
  row.submitted = true;
  row.status = record.status;
  row.error = record.error;
  row.graded_at = record.graded_at;
  row.submitted_at = record.late.submitted_at;
  std::map<CellKey, const records::CellResult*> cells;
  for (const auto& cell : record.cells) cells[{cell.notebook, cell.grade_id}] = &cell;
  for (const auto& [key, grade] : manual) {
    if (!cells.count(key)) {
      notes.push_back("manual grade for " + key.first + ":" + key.second + " of student " +
                      record.student + " matches no cell of the record; ignored");
    }
  }
  for (const auto& column : columns) {
    CellGrade grade{0, column.max_milli, "missing", false, false, ""};
    const auto it = cells.find({column.notebook, column.grade_id});
    if (it != cells.end()) {
      const auto& cell = *it->second;
      grade = {cell.points_milli, cell.max_milli, cell.verdict, cell.needs_manual_grade, false, ""};
      const auto manual_it = manual.find({column.notebook, column.grade_id});
      if (manual_it != manual.end()) {
        const ManualGrade& m = *manual_it->second;
        grade.points_milli = m.points_milli;
        if (m.points_milli > cell.max_milli) {
          notes.push_back("manual grade " + format_milli(m.points_milli) + " for " + cell.grade_id +
                          " of student " + record.student + " exceeds the cell's " +
                          format_milli(cell.max_milli) + " points; kept as given");
        }
        grade.manual_pending = false;
        grade.manually_graded = true;
        grade.comment = m.comment;
      }
    }
    row.raw_milli += grade.points_milli;
    row.manual_pending = row.manual_pending || grade.manual_pending;
    row.cells.push_back(std::move(grade));
  }
  if (options.due && !row.submitted_at.empty()) {
    if (const auto submitted = records::parse_timestamp(row.submitted_at)) {
      row.seconds_late = std::max<int64_t>(0, (*submitted - *options.due).count());
    }
  }
  return row;
}

AssignmentGrades grade_assignment(
    const std::string& name, const std::vector<const records::VerifiedGradeRecord*>& recs,
    const std::map<std::string, std::map<CellKey, const ManualGrade*>>& manual,
    const Roster* roster, const GradeTableOptions& options) {
  AssignmentGrades out;
  out.name = name;
  out.columns = columns_of(recs);
  for (const auto& c : out.columns) out.max_milli += c.max_milli;

  std::map<std::string, StudentGrade> by_student;
  static const std::map<CellKey, const ManualGrade*> kNoManual;
  for (const auto* r : recs) {
    const auto m = manual.find(r->record.student);
    StudentGrade row = grade_student(r->record, out.columns,
                                     m == manual.end() ? kNoManual : m->second, options, out.notes);
    row.record_file = r->file;
    row.identity.student_id = r->record.student;
    row.penalty_milli = late_policy_for(options.late_policy, r->record.late.penalty_method)
                            .penalty_milli(row.raw_milli, out.max_milli, row.seconds_late);
    row.score_milli = row.raw_milli - row.penalty_milli;
    by_student.emplace(r->record.student, std::move(row));
  }

  if (roster) {
    for (const auto& entry : roster->entries()) {
      auto it = by_student.find(entry.student_id);
      if (it == by_student.end()) {
        if (options.withheld_students.count(entry.student_id)) continue;
        out.without_record.push_back(entry.student_id);
        StudentGrade row;
        row.identity = entry;
        row.in_roster = true;
        row.cells.assign(out.columns.size(), CellGrade{0, 0, "not_submitted", false, false, ""});
        for (size_t i = 0; i < out.columns.size(); ++i)
          row.cells[i].max_milli = out.columns[i].max_milli;
        out.students.push_back(std::move(row));
        continue;
      }
      it->second.identity = entry;
      it->second.in_roster = true;
      out.students.push_back(std::move(it->second));
      by_student.erase(it);
    }
  }
  for (auto& [student, row] : by_student) {
    if (roster) out.not_in_roster.push_back(student);
    out.students.push_back(std::move(row));
  }
  return out;
}

}  // namespace

GradeTable build_grade_table(const records::RecordSet& set, const Roster* roster,
                             const GradeTableOptions& options) {
  std::map<std::string, std::vector<const records::VerifiedGradeRecord*>> by_assignment;
  for (const auto& r : set.records) by_assignment[r.record.assignment].push_back(&r);
  std::map<std::string, std::map<std::string, std::map<CellKey, const ManualGrade*>>> manual;
  for (const auto& m : set.manual_grades) {
    manual[m.grade.assignment][m.grade.student][{m.grade.notebook, m.grade.grade_id}] = &m.grade;
  }
  GradeTable table;
  static const std::map<std::string, std::map<CellKey, const ManualGrade*>> kNone;
  for (const auto& [name, recs] : by_assignment) {
    const auto m = manual.find(name);
    table.assignments.push_back(
        grade_assignment(name, recs, m == manual.end() ? kNone : m->second, roster, options));
  }
  return table;
}

}  // namespace gradebox::exporting
