// Step: keep the instructor's full notebook (hidden tests, mark schemes) for grading.
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

Step save_master_copy(std::string& master) {
  return {"save master copy",
          [&master](notebook::Notebook& nb, StepContext&) { master = nb.to_text(); }};
}

}  // namespace gradebox::pipeline
