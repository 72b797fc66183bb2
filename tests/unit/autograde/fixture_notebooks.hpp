// Loading the nbgrader fixtures and running one autograde step on them, for the step tests.
#pragma once

#include <string>

#include "grader/autograde/autograde_steps.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::autograde::testing {

inline std::filesystem::path fixture_path(const std::string& relative) {
  return std::filesystem::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader" / relative;
}

inline notebook::Notebook fixture(const std::string& relative) {
  return notebook::Notebook::load(fixture_path(relative));
}

inline notebook::Problems run_step(const pipeline::Step& step, notebook::Notebook& nb) {
  notebook::Problems problems;
  const CourseConfig config = default_course_config(GRADEBOX_SOURCE_DIR);
  pipeline::StepContext context{config, problems};
  step.apply(nb, context);
  return problems;
}

inline std::size_t cell_index(const notebook::Notebook& nb, const std::string& grade_id) {
  for (std::size_t i = 0; i < nb.cell_count(); ++i)
    if (notebook::grade_id(nb.cell(i)) == grade_id) return i;
  return nb.cell_count();
}

inline std::size_t count_kind(const Findings& findings, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& f : findings) n += f.kind == kind;
  return n;
}

}  // namespace gradebox::autograde::testing
