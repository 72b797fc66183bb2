// Step: remove mark schemes from the student version (nbgrader's ClearMarkScheme).
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step clear_mark_schemes() {
  return {"clear mark schemes", [](notebook::Notebook& nb, StepContext& context) {
            const auto& delimiters = context.config.mark_scheme;
            const auto markers = region_markers(delimiters, kMarkSchemeRegion.name);
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              auto edit = edit_regions(notebook::cell_source(cell), markers);
              if (edit.error) {
                report_cell(context, nb, i, notebook::Severity::error, *edit.error,
                            unbalanced_region_hint(markers));
                continue;
              }
              if (!edit.changed) continue;
              if (edit.attachment_in_region) {
                report_cell(context, nb, i, notebook::Severity::error,
                            "attachment inside a mark scheme region would leak to students",
                            "embed the image instead of attaching it");
                continue;
              }
              if (edit.found && delimiters.enforce_metadata && !notebook::is_task(cell)) {
                report_cell(context, nb, i, notebook::Severity::error,
                            "mark scheme region in a cell that is not a task cell",
                            "mark the cell \"Manually graded task\"");
                continue;
              }
              notebook::set_cell_source(cell, edit.source);
            }
            nb.metadata().erase("celltoolbar");
          }};
}

}  // namespace gradebox::pipeline
