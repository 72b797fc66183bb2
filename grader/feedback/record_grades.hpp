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

// The grades of `notebook_name` as the verified record has them: its cells (points, maximum,
// verdict) and tampering findings (findings naming no notebook are shown on every page). Only
// display details come from `shown`, the autograded notebook's own metadata: the reason text of a
// verdict and the no-response flag; never points, maxima or cells the record does not have.
NotebookGrades grades_from_record(const records::GradeRecord& record,
                                  const std::string& notebook_name, const NotebookGrades& shown);

void apply_manual_grades(NotebookGrades& grades, const std::vector<records::ManualGrade>& manual,
                         const std::string& notebook_name);

// The assignment's totals over every notebook of the record, manual grades applied (`manual` may
// be null); manual_pending counts cells still awaiting a grader.
records::GradeTotals record_totals(const records::GradeRecord& record,
                                   const std::vector<records::ManualGrade>* manual);

}  // namespace gradebox::feedback
