// Step: replace solutions with stubs (nbgrader's ClearSolutions).
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step clear_solutions() {
  return {"clear solutions", [](notebook::Notebook& nb, StepContext& context) {
            const std::string language = nb.kernel_language();
            const auto stub = context.config.code_stubs.find(language);
            if (stub == context.config.code_stubs.end()) {
              context.problems.push_back(
                  {notebook::Severity::error, nb.origin(), std::nullopt, "",
                   "no code stub for kernel language '" + language + "'",
                   "add stubs.code." + language + " = \"...\" to gradebox.toml"});
              return;
            }
            const auto& delimiters = context.config.solution;
            const auto markers = region_markers(delimiters, kSolutionRegion.name);
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              const bool code = notebook::cell_type(cell) == "code";
              const std::string_view cell_stub = code ? stub->second : context.config.text_stub;
              auto edit = edit_regions(notebook::cell_source(cell), markers, cell_stub);
              if (edit.error) {
                report_cell(context, nb, i, notebook::Severity::error, *edit.error,
                            unbalanced_region_hint(markers));
                continue;
              }
              const bool solution = notebook::is_solution(cell);
              if (edit.found && delimiters.enforce_metadata && !solution) {
                report_cell(context, nb, i, notebook::Severity::error,
                            "solution region in a cell that is not a solution cell",
                            "mark the cell \"Autograded answer\" or \"Manually graded answer\"");
                continue;
              }
              if (edit.found || (!solution && edit.changed))
                notebook::set_cell_source(cell, edit.source);
              else if (solution)
                notebook::set_cell_source(cell, cell_stub);
            }
            nb.metadata().erase("celltoolbar");
          }};
}

}  // namespace gradebox::pipeline
