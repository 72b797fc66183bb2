// Step: remove hidden tests from the student version (nbgrader's ClearHiddenTests).
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step clear_hidden_tests() {
  return {"clear hidden tests", [](notebook::Notebook& nb, StepContext& context) {
            const auto& delimiters = context.config.hidden_tests;
            const auto markers = region_markers(delimiters, kHiddenTestsRegion.name);
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              auto edit = edit_regions(notebook::cell_source(cell), markers);
              if (edit.error) {
                report_cell(context, nb, i, notebook::Severity::error, *edit.error,
                            unbalanced_region_hint(markers));
                continue;
              }
              if (!edit.changed) continue;
              if (edit.found && delimiters.enforce_metadata && !notebook::is_grade(cell)) {
                report_cell(context, nb, i, notebook::Severity::error,
                            "hidden tests region in a cell that is not a grade cell",
                            "mark the cell \"Autograder tests\" with points");
                continue;
              }
              notebook::set_cell_source(cell, edit.source);
            }
            nb.metadata().erase("celltoolbar");
          }};
}

}  // namespace gradebox::pipeline
