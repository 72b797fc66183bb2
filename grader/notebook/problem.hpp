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
  Problem() = default;
  Problem(Severity severity_, std::filesystem::path file_, std::optional<std::size_t> cell_index_,
          std::string grade_id_, std::string message_, std::string hint_,
          std::string location_ = {})
      : severity(severity_),
        file(std::move(file_)),
        cell_index(cell_index_),
        grade_id(std::move(grade_id_)),
        message(std::move(message_)),
        hint(std::move(hint_)),
        location(std::move(location_)) {}

  Severity severity = Severity::error;
  std::filesystem::path file;
  std::optional<std::size_t> cell_index;  // 0-based index into the notebook's cells
  std::string grade_id;                   // empty when the cell has none
  std::string message;
  std::string hint;      // how to fix it
  std::string location;  // where in the file, when not a cell: "line 3, column 7", "/cells"
};

using Problems = std::vector<Problem>;

// "file (location): cell 3 (grade_id 'foo'): error: message\n    fix: hint"
std::string format_problem(const Problem& problem);
bool has_errors(const Problems& problems);

}  // namespace gradebox::notebook
