// Step: lock cells so students cannot delete graded cells or edit tests and read-only cells
// (nbgrader's LockCells, with its four settings from CourseConfig::lock).
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {
namespace {

void lock(notebook::Json& meta, bool editable) {
  meta["deletable"] = false;
  if (!editable) meta["editable"] = false;
}

}  // namespace

Step lock_cells() {
  return {"lock cells", [](notebook::Notebook& nb, StepContext& context) {
            const LockSettings& settings = context.config.lock;
            for (auto& cell : nb.cells()) {
              auto& meta = cell["metadata"];
              const bool solution = notebook::is_solution(cell), grade = notebook::is_grade(cell);
              // First match wins, as in nbgrader; students edit their answer, never delete it.
              if ((settings.solution_cells || settings.grade_cells) && solution && grade)
                lock(meta, true);
              else if (settings.solution_cells && solution)
                lock(meta, true);
              else if (settings.grade_cells && grade)
                lock(meta, false);
              else if (settings.readonly_cells && notebook::is_locked(cell))
                lock(meta, false);
              else if (settings.all_cells)
                lock(meta, false);
            }
          }};
}

}  // namespace gradebox::pipeline
