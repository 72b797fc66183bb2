// `gradebox feedback`: pages for every (or the chosen) student's autograded notebooks of one
// assignment, and the instructor index. Built from signed data only.
//
// Inputs under the course root:
//   .gradebox/master/<a>/<nb>.ipynb       names the notebooks that get pages (required; anything
//                                         else in autograded/ is ignored) and which test cells
//                                         hide tests
//   records/<a>/                          signed grade records and manual grades, verified against
//                                         the trust store (default .gradebox/keys/trust.json):
//                                         every point, maximum, total and the submission time
//                                         come from them. A student without a verified record
//                                         (or whose records fail verification) gets no page and
//                                         an error naming the fix.
//   autograded/<student>/<a>/<nb>.ipynb   the cells and outputs shown, opened beneath the course
//                                         without following links (regular files only, capped)
// Student ids follow course/student_id.hpp; a folder breaking the rule is reported, not rendered.
// Outputs:
//   feedback/<student>/<a>/<nb>.html      one self-contained page per notebook
//   feedback/index.<a>.html               the instructor index (links relative, percent-encoded)
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/export/late_policy.hpp"
#include "grader/feedback/feedback_model.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"

namespace gradebox::feedback {

struct FeedbackOptions {
  std::string assignment;
  std::vector<std::string> students;  // empty: every student with autograded/<s>/<a>/
  bool show_hidden = false;
  std::optional<std::string> due;                    // any form records::parse_timestamp accepts
  std::optional<exporting::LatePolicy> late_policy;  // none given: the record's penalty_method
  std::optional<std::filesystem::path> trust_store;  // default <course>/.gradebox/keys/trust.json
  HiddenRegionMarkers regions;  // the course's hidden-test and mark-scheme delimiters
};

struct FeedbackOutcome {
  notebook::Problems problems;  // errors: a student or notebook without a page
  std::vector<std::filesystem::path> pages;
  std::optional<std::filesystem::path> index;
  std::size_t students = 0;
};

// Throws std::invalid_argument for unusable options (bad --due, unsafe names).
FeedbackOutcome generate_feedback(const std::filesystem::path& course_root,
                                  const FeedbackOptions& options);

// The assignment's notebooks as the master copy names them (paths relative to it, sorted).
std::vector<std::filesystem::path> master_notebooks(const std::filesystem::path& course_root,
                                                    const std::string& assignment);

// One student's autograded notebook with its grades from the verified record (and manual grades,
// when `manual` is not null) and the test cells hiding tests.
struct StudentNotebook {
  std::string name;
  notebook::Notebook notebook;
  NotebookGrades grades;
  std::map<std::string, std::string> hidden_tests;
};

// Opens autograded/<student>/<assignment>/<name> beneath the course without following links.
// Throws notebook::NotebookError naming the file and the fix.
StudentNotebook load_student_notebook(const std::filesystem::path& course_root,
                                      const std::string& student, const std::string& assignment,
                                      const std::filesystem::path& name,
                                      const HiddenRegionMarkers& regions,
                                      const records::GradeRecord& record,
                                      const std::vector<records::ManualGrade>* manual);

std::filesystem::path feedback_page_path(const std::filesystem::path& course_root,
                                         const std::string& student, const std::string& assignment,
                                         const std::string& notebook_file);

}  // namespace gradebox::feedback
