// Step: nbgrader's DeduplicateIds (the last cell with a grade_id keeps it).
#include <set>

#include "grader/autograde/autograde_steps.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde {

pipeline::Step deduplicate_grade_ids(Notes& notes) {
  return {
      "deduplicate grade ids", [&notes](notebook::Notebook& nb, pipeline::StepContext&) {
        std::set<std::string> seen;
        for (std::size_t i = nb.cell_count(); i-- > 0;) {
          auto& cell = nb.cell(i);
          if (!(notebook::is_grade(cell) || notebook::is_solution(cell) ||
                notebook::is_locked(cell)))
            continue;
          const std::string id = notebook::grade_id(cell);
          if (seen.insert(id).second) continue;
          cell["metadata"].erase("nbgrader");
          notes.push_back(
              {nb.origin().filename().string(), id, static_cast<int64_t>(i), "duplicate_grade_id",
               "grade_id '" + id + "' occurs again later; this earlier cell is not graded"});
        }
      }};
}

}  // namespace gradebox::autograde
