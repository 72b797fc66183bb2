// Runs an ordered list of steps over one notebook.
#include "grader/pipeline/step.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::pipeline {

bool run_pipeline(const Pipeline& steps, notebook::Notebook& nb, StepContext& context) {
  for (const auto& step : steps) {
    const std::size_t before = context.problems.size();
    step.apply(nb, context);
    for (std::size_t i = before; i < context.problems.size(); ++i)
      if (context.problems[i].severity == notebook::Severity::error) return false;
  }
  return true;
}

void report_cell(StepContext& context, const notebook::Notebook& nb, std::size_t cell_index,
                 notebook::Severity severity, std::string message, std::string hint) {
  context.problems.push_back({severity, nb.origin(), cell_index,
                              notebook::grade_id(nb.cell(cell_index)), std::move(message),
                              std::move(hint)});
}

}  // namespace gradebox::pipeline
