// Step: record each graded/solution/locked cell's checksum and type (nbgrader's ComputeChecksums).
#include "grader/notebook/checksum.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step compute_checksums() {
  return {"compute checksums", [](notebook::Notebook& nb, StepContext&) {
            for (auto& cell : nb.cells()) {
              if (!(notebook::is_grade(cell) || notebook::is_solution(cell) ||
                    notebook::is_locked(cell)))
                continue;
              const std::string checksum = notebook::compute_checksum(cell);
              auto& nbgrader = cell["metadata"]["nbgrader"];
              nbgrader["checksum"] = checksum;
              nbgrader["cell_type"] = cell.at("cell_type");
            }
          }};
}

}  // namespace gradebox::pipeline
