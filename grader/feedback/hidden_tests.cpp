// Owns the hidden-test and mark-scheme decisions for feedback pages.
#include "grader/feedback/hidden_tests.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"

namespace gradebox::feedback {

bool has_hidden_tests(std::string_view source) {
  return source.find(pipeline::kHiddenTestsRegion.begin) != std::string_view::npos;
}

std::set<std::string> hidden_test_ids(const notebook::Notebook& master) {
  std::set<std::string> ids;
  for (const auto& cell : master.cells()) {
    if (!cell.is_object() || !notebook::is_grade(cell)) continue;
    if (has_hidden_tests(notebook::cell_source(cell))) ids.insert(notebook::grade_id(cell));
  }
  return ids;
}

std::string student_visible_source(std::string_view source) {
  auto without_hidden = pipeline::edit_regions(source, pipeline::kHiddenTestsRegion);
  if (without_hidden.error) return "";
  auto without_scheme = pipeline::edit_regions(without_hidden.source, pipeline::kMarkSchemeRegion);
  if (without_scheme.error) return "";
  return without_scheme.source;
}

}  // namespace gradebox::feedback
