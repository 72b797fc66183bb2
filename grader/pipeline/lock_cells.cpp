// Step: lock cells so students cannot delete graded cells or edit tests and read-only cells.
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step lock_cells() {
  return {"lock cells", [](notebook::Notebook& nb, StepContext&) {
            for (auto& cell : nb.cells()) {
              auto& meta = cell["metadata"];
              if (notebook::is_solution(cell)) {
                meta["deletable"] = false;  // students edit their answer, never delete it
              } else if (notebook::is_grade(cell) || notebook::is_locked(cell)) {
                meta["deletable"] = false;
                meta["editable"] = false;
              }
            }
          }};
}

}  // namespace gradebox::pipeline
