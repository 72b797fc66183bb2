// The formgrader's HTML pages, rendered on the server from the gradebook (gradebook.hpp):
//   assignments_page    every assignment with counts of submissions, errors, pending answers,
//                       tampering findings and verification problems
//   assignment_page     one assignment: the score distribution and pass-rate charts (SVG) and
//                       the submissions table, sortable by ?sort=student|status|score|pending|
//                       tampering (a leading '-' reverses)
//   overview_page       students x assignments totals, and export links (the gradebox-export
//                       formats that write one file)
//   submission_page     one submission's notebooks as the feedback pages render them, each graded
//                       cell closed by its grading form (submission_page.cpp)
// Student ids pass through StudentNames, so anonymous mode shows pseudonyms everywhere.
#pragma once

#include <string>
#include <vector>

#include "grader/formgrader/gradebook.hpp"
#include "grader/formgrader/page_frame.hpp"
#include "grader/formgrader/pseudonyms.hpp"

namespace gradebox::formgrader {

// Sorts by `key` (see assignment_page); unknown keys sort by student.
void sort_submissions(std::vector<SubmissionSummary>& rows, const std::string& key,
                      const StudentNames& names);

std::string assignments_page(const PageFrame& frame, const std::vector<AssignmentGradebook>& books);
std::string assignment_page(const PageFrame& frame, AssignmentGradebook& book,
                            const StudentNames& names, const std::string& sort);
std::string overview_page(const PageFrame& frame, const std::vector<AssignmentGradebook>& books,
                          const StudentNames& names);

// Shown names, "" where there is none.
struct SubmissionNeighbours {
  std::string previous;  // in the order of shown names
  std::string next;
  std::string previous_pending;  // the nearest before / after with answers pending
  std::string next_pending;
};

// `rows` by shown name (pseudonyms sort differently from ids).
SubmissionNeighbours neighbours_of(const std::string& shown,
                                   const std::vector<SubmissionSummary>& rows,
                                   const StudentNames& names);

std::string submission_page(const PageFrame& frame, const SubmissionView& view,
                            const std::string& shown_student,
                            const SubmissionNeighbours& neighbours);

}  // namespace gradebox::formgrader
