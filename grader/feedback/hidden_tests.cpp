// Owns the hidden-test and mark-scheme decisions for feedback pages.
#include "grader/feedback/hidden_tests.hpp"

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/regions.hpp"

namespace gradebox::feedback {

bool has_hidden_tests(std::string_view source, const HiddenRegionMarkers& markers) {
  return source.find(markers.hidden_tests.begin) != std::string_view::npos;
}

std::map<std::string, std::string> hidden_test_cells(const notebook::Notebook& master,
                                                     const HiddenRegionMarkers& markers) {
  std::map<std::string, std::string> cells;
  for (const auto& cell : master.cells()) {
    if (!cell.is_object() || !notebook::is_grade(cell)) continue;
    const std::string source = notebook::cell_source(cell);
    if (has_hidden_tests(source, markers))
      cells[notebook::grade_id(cell)] = student_visible_source(source, markers);
  }
  return cells;
}

std::string student_visible_source(std::string_view source, const HiddenRegionMarkers& markers) {
  std::string visible(source);
  for (const auto* region : {&markers.hidden_tests, &markers.mark_scheme}) {
    auto edit = pipeline::edit_regions(visible, *region);
    if (edit.error) return "";
    if (edit.changed) visible = std::move(edit.source);  // unchanged: edit.source is left empty
  }
  return visible;
}

}  // namespace gradebox::feedback
