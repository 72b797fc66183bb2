// `gradebox check`: metadata validation plus the region rules of the release steps.
#include "grader/pipeline/check.hpp"

#include "grader/pipeline/instantiate_tests.hpp"
#include "grader/pipeline/steps.hpp"

namespace gradebox::pipeline {

notebook::Problems check_notebook(const notebook::Notebook& nb, const CourseConfig& config) {
  notebook::Problems problems;
  StepContext context{config, problems};
  notebook::Notebook scratch = nb;
  // Every step runs even after an error, so the instructor sees the whole list at once.
  const AutotestSetup autotests{nb.origin().parent_path(), config.root, lint_kernel()};
  for (const auto& step : {instantiate_tests(autotests), check_cell_metadata(), clear_solutions(),
                           clear_hidden_tests(), clear_mark_schemes()})
    step.apply(scratch, context);
  return problems;
}

notebook::Problems check_notebook_files(const std::vector<std::filesystem::path>& files,
                                        const CourseConfig& config) {
  notebook::Problems problems;
  for (const auto& file : files) {
    try {
      const auto nb = notebook::Notebook::load(file, config.limits);
      for (auto& p : check_notebook(nb, config)) problems.push_back(std::move(p));
    } catch (const notebook::NotebookError& e) {
      problems.push_back({notebook::Severity::error, e.file(), std::nullopt, "", e.message(),
                          e.hint(), e.location()});
    }
  }
  return problems;
}

}  // namespace gradebox::pipeline
