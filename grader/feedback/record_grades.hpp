// Adapters from signed records to NotebookGrades: the verified grade record is authoritative for
// points and verdicts (it is what export sends to the LMS), and a manual grade overrides the
// cell's points as in nbgrader, bringing the grader's comment along.
#pragma once

#include <string>
#include <vector>

#include "grader/feedback/feedback_model.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"

namespace gradebox::feedback {

// Cells of `record` that belong to `notebook_name`, and its tampering findings for that notebook
// (findings naming no notebook are shown on every page).
void apply_grade_record(NotebookGrades& grades, const records::GradeRecord& record,
                        const std::string& notebook_name);

void apply_manual_grades(NotebookGrades& grades, const std::vector<records::ManualGrade>& manual,
                         const std::string& notebook_name);

}  // namespace gradebox::feedback
