// Owns the rendering of a record's findings and notes on a feedback page.
#include "grader/feedback/finding_list.hpp"

#include "grader/feedback/html_escape.hpp"

namespace gradebox::feedback {

std::string finding_list_block(const std::vector<TamperingNote>& items,
                               const std::string& css_class, const std::string& id,
                               const std::string& heading_html) {
  if (items.empty()) return "";
  std::string html =
      "<div class=\"" + css_class + "\" id=\"" + id + "\">" + heading_html + "<ul>\n";
  for (const auto& item : items) {
    html += "<li><code>" + escape_html(item.kind) + "</code>";
    if (!item.grade_id.empty()) html += " in <code>" + escape_html(item.grade_id) + "</code>";
    if (item.cell_index >= 0) html += " (cell " + std::to_string(item.cell_index) + ")";
    html += ": " + escape_html(item.detail) + "</li>\n";
  }
  return html + "</ul></div>\n";
}

std::string grading_notes_block(const NotebookGrades& grades) {
  return finding_list_block(grades.notes, "warn", "notes", "<strong>Notes on grading</strong>");
}

}  // namespace gradebox::feedback
