// Step: run the submission with the kernel the instructor released, whatever the student chose.
#include "grader/autograde/autograde_steps.hpp"

namespace gradebox::autograde {

pipeline::Step restore_kernelspec(const notebook::Notebook& master) {
  return {"restore kernelspec", [&master](notebook::Notebook& nb, pipeline::StepContext&) {
            const auto& master_meta = master.metadata();
            if (master_meta.contains("kernelspec"))
              nb.metadata()["kernelspec"] = master_meta["kernelspec"];
          }};
}

}  // namespace gradebox::autograde
