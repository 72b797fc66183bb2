// Step: header and footer notebooks around every released notebook.
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {
namespace {

bool load_cells(const std::optional<std::filesystem::path>& path, StepContext& context,
                notebook::Json& out) {
  if (!path) return true;
  try {
    out = notebook::Notebook::load(*path, context.config.limits).cells();
    return true;
  } catch (const notebook::NotebookError& e) {
    context.problems.push_back({notebook::Severity::error, e.file(), std::nullopt, "",
                                "cannot read the header/footer notebook: " + e.message(),
                                "fix release.header / release.footer in gradebox.toml"});
    return false;
  }
}

}  // namespace

Step include_header_footer() {
  return {"include header/footer", [](notebook::Notebook& nb, StepContext& context) {
            notebook::Json header = notebook::Json::array(), footer = notebook::Json::array();
            if (!load_cells(context.config.header, context, header) ||
                !load_cells(context.config.footer, context, footer))
              return;
            if (header.empty() && footer.empty()) return;
            notebook::Json cells = std::move(header);
            for (auto& cell : nb.cells()) cells.push_back(std::move(cell));
            for (auto& cell : footer) cells.push_back(std::move(cell));
            nb.cells() = std::move(cells);
          }};
}

}  // namespace gradebox::pipeline
