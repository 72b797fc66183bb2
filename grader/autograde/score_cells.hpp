// Step: score every grade cell from gradebox's own execution verdicts (metadata.gradebox, written
// by the execute step only), never from what the cell printed.
//
//   test cell (grade, not solution, code):
//     verdict other than ok (error, timeout, memory_limit, tampered, not_run, ...)   0
//     ok, and the trusted value of the last expression is a number in [0, points]    that number
//     ok, number above points: points; below 0: 0 (note "partial_credit_out_of_range": the
//     value comes from the instructor's test, so it is no tampering)
//     ok otherwise                                                                   full points
//   manually graded answer (grade + solution), or a grade markdown cell:
//     source unchanged from the release (same nbgrader checksum)   0, "no_response"
//     changed                                                      0 for now, needs manual grade
//   task cell (markdown, task, points): graded by hand only, 0 and needs manual grade until then
//
// Writes metadata.gradebox.score = {points, max_points, status} on each grade and task cell,
// where status is "auto", "no_response" or "manual_pending", and appends one records::CellResult
// per grade or task cell (a not_run cell carries the ended_by of execute_cells as its
// not_run_cause). The integrity findings the session reported for any code cell
// (metadata.gradebox.integrity) become tampering findings of that cell (kinds native_code,
// raw_memory, interpreter_tampered).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/autograde/autograde_steps.hpp"

namespace gradebox::autograde {

// grade_id -> nbgrader checksum of the released (student) version of each cell.
std::map<std::string, std::string> release_checksums(const notebook::Notebook& release);

// The number nbgrader's get_partial_grade reads from text/plain (Python float()), if any.
std::optional<double> parse_partial_credit(const std::string& text_plain);

pipeline::Step score_cells(const std::map<std::string, std::string>& release_checksums,
                           std::vector<records::CellResult>& results, Findings& findings,
                           Notes& notes);

}  // namespace gradebox::autograde
