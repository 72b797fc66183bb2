// The formgrader's JSON API (schema "gradebox.formgrader-api", version 1; every body is an object,
// errors are {"error": text} with status 400 bad input, 404 unknown assignment/student/cell,
// 409 conflict, 500 server problem):
//   GET  api/session                        {csrf_token, anonymous, grader}
//   GET  api/assignments                    {assignments: [{name, submissions, errored,
//                                            manual_pending, tampering, problems}]}
//   GET  api/assignments/<a>/submissions    {submissions: [{student, status, error, points, max,
//        ?sort=student|status|score|...      manual_pending, tampering, verdicts{}, problems[]}],
//                                            problems[], test_cells: [{cell, passed, graded}]}
//   GET  api/assignments/<a>/submissions/<s>  {student, status, totals{points, max,
//                                            manual_pending}, notebooks: [{name, cells: [{grade_id,
//                                            manual, verdict, points, max, needs_manual_grade,
//                                            manually_graded, comment, record_id}]}], problems[]}
//   POST api/grade  {assignment, student, notebook, grade_id, points, comment?, reason?,
//                    expected_record_id?, grader?}
//        points: 0..max in steps of 0.5 (a number or a decimal string); a test cell's override
//        needs a reason (it becomes the comment the student sees). expected_record_id: the
//        cell's manual grade the grader saw ("" for none); when someone else graded it since,
//        409 {error, current{record_id, points, grader, graded_at, comment}} and nothing is
//        written. Omitted: last write wins. 200 {record_id, points, max, graded_at, grader,
//        replaced{points, grader, graded_at} | null, note, totals{points, max, manual_pending}}.
// Points are decimal strings ("2.5"), as gradebox prints them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "grader/formgrader/gradebook.hpp"
#include "grader/formgrader/pseudonyms.hpp"

namespace gradebox::formgrader {

struct ApiReply {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
};

ApiReply api_error(int status, const std::string& message);

nlohmann::json assignment_summary_json(const AssignmentGradebook& book);
ApiReply list_submissions(AssignmentGradebook book, const StudentNames& names,
                          const std::string& sort);
ApiReply show_submission(const SubmissionView& view, const std::string& shown_student);
// `grader`: the name recorded when the request names none, or always when `grader_is_fixed`
// (a hub user saves under their hub name, whatever the request says).
ApiReply save_grade(const CourseGradebook& gradebook, const StudentNames& names,
                    const std::string& request_body, const std::string& grader,
                    bool grader_is_fixed);

}  // namespace gradebox::formgrader
