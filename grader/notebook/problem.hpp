// A problem found in a notebook, reported as data (never printed from where it is found).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace gradebox::notebook {

enum class Severity { error, warning };

struct Problem {
  Severity severity = Severity::error;
  std::filesystem::path file;
  std::optional<std::size_t> cell_index;  // 0-based index into the notebook's cells
  std::string grade_id;                   // empty when the cell has none
  std::string message;
  std::string hint;  // how to fix it
};

using Problems = std::vector<Problem>;

// "file: cell 3 (grade_id 'foo'): error: message\n    fix: hint"
std::string format_problem(const Problem& problem);
bool has_errors(const Problems& problems);

}  // namespace gradebox::notebook
