// Step: clear outputs (nbconvert's ClearOutputPreprocessor, as nbgrader uses it).
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step clear_outputs() {
  return {"clear outputs", [](notebook::Notebook& nb, StepContext&) {
            for (auto& cell : nb.cells()) {
              if (cell.at("cell_type") != "code") continue;
              cell["outputs"] = notebook::Json::array();
              cell["execution_count"] = nullptr;
              auto& meta = cell["metadata"];
              meta.erase("collapsed");
              meta.erase("scrolled");
            }
          }};
}

}  // namespace gradebox::pipeline
