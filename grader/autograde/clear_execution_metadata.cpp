// Step: forget any execution verdict the submitted file carries (only our execute step writes one).
#include "grader/autograde/autograde_steps.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde {

pipeline::Step clear_execution_metadata(Findings& findings) {
  return {"clear execution metadata", [&findings](notebook::Notebook& nb, pipeline::StepContext&) {
            for (std::size_t i = 0; i < nb.cell_count(); ++i) {
              auto& cell = nb.cell(i);
              if (!cell.contains("metadata") || !cell["metadata"].is_object()) continue;
              if (cell["metadata"].erase("gradebox") == 0) continue;
              findings.push_back({nb.origin().filename().string(), notebook::grade_id(cell),
                                  static_cast<int64_t>(i), "forged_metadata",
                                  "the submitted cell carried gradebox execution metadata; "
                                  "removed before grading"});
            }
          }};
}

}  // namespace gradebox::autograde
