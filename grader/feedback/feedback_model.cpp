// Owns the sums over a notebook's graded cells.
#include "grader/feedback/feedback_model.hpp"

namespace gradebox::feedback {

int64_t NotebookGrades::points_milli() const {
  int64_t sum = 0;
  for (const auto& [id, grade] : cells) sum += grade.points_milli;
  return sum;
}

int64_t NotebookGrades::max_milli() const {
  int64_t sum = 0;
  for (const auto& [id, grade] : cells) sum += grade.max_milli;
  return sum;
}

}  // namespace gradebox::feedback
