// Printing problems for people (one block per problem) and machines (the --json schema).
#pragma once

#include <ostream>

#include "grader/notebook/jupyter_json.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::cli {

void print_problems(std::ostream& out, const notebook::Problems& problems);
// {"severity", "file", "cell_index" (null when not about a cell), "grade_id" (null when none),
//  "message", "hint", "location" (line/column or JSON pointer, null when none)}
notebook::Json problems_to_json(const notebook::Problems& problems);

}  // namespace gradebox::cli
