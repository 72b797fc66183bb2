// Owns the instructor index page.
#include "grader/feedback/index_page.hpp"

#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/html_escape.hpp"

namespace gradebox::feedback {

std::string render_index_page(const std::string& assignment, const std::vector<IndexRow>& rows,
                              bool show_hidden) {
  std::string html = page_head("Feedback index: " + assignment) +
                     "<body>\n<h1>Feedback: " + escape_html(assignment) +
                     "</h1>\n<p class=\"sub\">" + std::to_string(rows.size()) + " student(s)" +
                     (show_hidden ? "; pages include hidden tests (instructor copies: do not "
                                    "hand them out)"
                                  : "") +
                     "</p>\n<table id=\"students\"><tr><th>student</th><th>notebooks</th>"
                     "<th>total</th><th>late penalty</th><th>final</th><th>tampering</th>"
                     "<th>manual pending</th><th>problems</th></tr>\n";
  for (const auto& row : rows) {
    std::string notebooks;
    for (const auto& nb : row.notebooks)
      notebooks += "<a href=\"" + escape_html(nb.link) + "\">" + escape_html(nb.name) + "</a> " +
                   format_points(nb.points_milli) + "/" + format_points(nb.max_milli) + "<br>";
    std::string problems;
    for (const auto& p : row.problems) problems += escape_html(p) + "<br>";
    const int64_t final_milli = std::max<int64_t>(0, row.points_milli - row.penalty_milli);
    html += "<tr><td>" + escape_html(row.student) + "</td><td>" + notebooks + "</td><td>" +
            format_points(row.points_milli) + " / " + format_points(row.max_milli) + "</td><td>" +
            (row.penalty_milli ? format_points(row.penalty_milli) : std::string()) + "</td><td>" +
            format_points(final_milli) + "</td><td>" +
            (row.tampering ? std::to_string(row.tampering) : std::string()) + "</td><td>" +
            (row.manual_pending ? std::to_string(row.manual_pending) : std::string()) +
            "</td><td>" + problems + "</td></tr>\n";
  }
  return html + "</table>\n</body>\n</html>\n";
}

}  // namespace gradebox::feedback
