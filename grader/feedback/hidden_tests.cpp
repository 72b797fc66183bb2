// Owns the hidden-test and mark-scheme decisions for feedback pages.
#include "grader/feedback/hidden_tests.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"

namespace gradebox::feedback {

bool has_hidden_tests(std::string_view source) {
  return source.find(pipeline::kHiddenTestsRegion.begin) != std::string_view::npos;
}

std::map<std::string, std::string> hidden_test_cells(const notebook::Notebook& master) {
  std::map<std::string, std::string> cells;
  for (const auto& cell : master.cells()) {
    if (!cell.is_object() || !notebook::is_grade(cell)) continue;
    const std::string source = notebook::cell_source(cell);
    if (has_hidden_tests(source)) cells[notebook::grade_id(cell)] = student_visible_source(source);
  }
  return cells;
}

std::string student_visible_source(std::string_view source) {
  std::string visible(source);
  for (const auto* markers : {&pipeline::kHiddenTestsRegion, &pipeline::kMarkSchemeRegion}) {
    auto edit = pipeline::edit_regions(visible, *markers);
    if (edit.error) return "";
    if (edit.changed) visible = std::move(edit.source);  // unchanged: edit.source is left empty
  }
  return visible;
}

}  // namespace gradebox::feedback
