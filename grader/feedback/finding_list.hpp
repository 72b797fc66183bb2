// A feedback page's list of a record's findings or notes: one block, its heading, one line each
// (kind, grade_id, cell index, detail), escaped.
#pragma once

#include <string>
#include <vector>

#include "grader/feedback/feedback_model.hpp"

namespace gradebox::feedback {

// "" when `items` is empty. `heading_html` is trusted markup; everything from the record is
// escaped.
std::string finding_list_block(const std::vector<TamperingNote>& items,
                               const std::string& css_class, const std::string& id,
                               const std::string& heading_html);

// "Notes on grading": what the record notes without calling it tampering (a grade_id pasted
// twice, so only its last cell was graded; a test's value capped into range).
std::string grading_notes_block(const NotebookGrades& grades);

}  // namespace gradebox::feedback
