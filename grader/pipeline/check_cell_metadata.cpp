// Step: validate nbgrader metadata (nbgrader's CheckCellMetadata).
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step check_cell_metadata() {
  return {"check cell metadata", [](notebook::Notebook& nb, StepContext& context) {
            for (auto& problem : notebook::validate_nbgrader_notebook(nb))
              context.problems.push_back(std::move(problem));
          }};
}

}  // namespace gradebox::pipeline
