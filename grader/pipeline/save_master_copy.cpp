// Step: keep the instructor's full notebook (hidden tests, mark schemes) for grading.
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step save_master_copy(std::optional<notebook::Notebook>& master) {
  return {"save master copy",
          [&master](notebook::Notebook& nb, StepContext&) { master.emplace(nb); }};
}

}  // namespace gradebox::pipeline
