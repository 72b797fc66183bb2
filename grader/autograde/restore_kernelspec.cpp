// Step: run the submission with the kernel the instructor released, whatever the student chose.
#include "grader/autograde/autograde_steps.hpp"

namespace gradebox::autograde {

pipeline::Step restore_kernelspec(const notebook::Notebook& master, Findings& findings) {
  return {"restore kernelspec", [&master, &findings](notebook::Notebook& nb,
                                                     pipeline::StepContext&) {
            const auto& master_meta = master.metadata();
            if (!master_meta.contains("kernelspec")) return;
            auto& meta = nb.metadata();
            if (meta.contains("kernelspec") && meta["kernelspec"] == master_meta["kernelspec"])
              return;
            findings.push_back({nb.origin().filename().string(), "", -1, "changed_kernelspec",
                                "kernelspec " +
                                    (meta.contains("kernelspec") ? meta["kernelspec"].dump()
                                                                 : std::string("(missing)")) +
                                    " restored to " + master_meta["kernelspec"].dump()});
            meta["kernelspec"] = master_meta["kernelspec"];
          }};
}

}  // namespace gradebox::autograde
