// Owns the submission page: the feedback renderer's cells with a grading form per graded cell
// (see gradebook_pages.hpp).
#include <algorithm>

#include "grader/export/milli_points.hpp"
#include "grader/feedback/feedback_page.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/relative_href.hpp"
#include "grader/formgrader/gradebook_pages.hpp"

namespace gradebox::formgrader {
namespace {

using exporting::format_milli;
using feedback::escape_html;

std::string attribute(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + escape_html(value) + "\"";
}

// The form closing one graded cell: a <div>, not a <form>, saved by the script. Chromium's
// autofill lays the page out again for every <form> it parses (120 on a 20-notebook page: 1 s
// of CPU, four times the rest of the page). Manual cells (answers, tasks) get points and a comment;
// a test cell shows its autograde result, and overriding it needs a reason (the student sees it).
std::string grading_form(const std::string& notebook, const std::string& grade_id,
                         const feedback::CellGrade& grade, const SubmissionView& view) {
  const auto state = view.manual_state.find(cell_key(notebook, grade_id));
  const bool pending = grade.needs_manual_grade;
  const std::string points =
      grade.manual && !grade.manually_graded && pending ? "" : format_milli(grade.points_milli);
  std::string html =
      "<div class=\"grade\" role=\"form\"" + attribute("data-notebook", notebook) +
      attribute("data-grade-id", grade_id) + attribute("data-max", format_milli(grade.max_milli)) +
      attribute("data-record-id", state == view.manual_state.end() ? "" : state->second.record_id) +
      attribute("data-pending", pending ? "1" : "0") +
      attribute("data-kind", grade.manual ? "manual" : "test") + ">\n";
  // A test cell's override stays folded: most are never overridden, and a closed <details> is
  // not laid out (a 20-notebook page lays out a fifth of the form controls).
  if (!grade.manual)
    html += std::string(grade.manually_graded ? "<details open>" : "<details>") +
            "<summary>Autograde: <strong>" + escape_html(grade.verdict) + "</strong>, " +
            format_milli(grade.points_milli) + " / " + format_milli(grade.max_milli) +
            (grade.manually_graded ? " (overridden by hand)" : "") +
            " &middot; override</summary>\n";
  html += std::string("<label>") + (grade.manual ? "Points" : "Override points") +
          " <input name=\"points\" type=\"number\" min=\"0\"" +
          attribute("max", format_milli(grade.max_milli)) + " step=\"0.5\" inputmode=\"decimal\"" +
          attribute("value", points) + "></label> / " + format_milli(grade.max_milli) + "\n";
  if (grade.manual)
    html += "<label>Comment<textarea name=\"comment\">" + escape_html(grade.comment) +
            "</textarea></label>\n";
  else
    html += "<label>Reason (shown to the student) <input name=\"reason\" size=\"40\"" +
            attribute("value", grade.manually_graded ? grade.comment : "") + "></label>\n";
  html += "<button type=\"button\">Save</button>";
  if (!grade.manual) html += "</details>";
  html += "<span class=\"save-state\" role=\"status\">";
  if (state != view.manual_state.end())
    html += "graded by " + escape_html(state->second.grader.empty() ? "?" : state->second.grader) +
            " at " + escape_html(state->second.graded_at);
  return html + "</span>\n</div>\n";
}

std::string neighbour_link(const std::string& id, const std::string& label,
                           const std::string& href) {
  if (href.empty()) return "<span class=\"keys\">" + label + "</span>";
  return "<a id=\"" + id + "\" href=\"" + escape_html(href) + "\">" + label + "</a>";
}

}  // namespace

SubmissionNeighbours neighbours_of(const std::string& shown,
                                   const std::vector<SubmissionSummary>& rows,
                                   const StudentNames& names) {
  std::vector<std::pair<std::string, bool>> order;  // shown name, answers pending
  for (const auto& row : rows) order.emplace_back(names.shown(row.student), row.manual_pending > 0);
  std::sort(order.begin(), order.end());
  const auto at = std::find_if(order.begin(), order.end(),
                               [&](const auto& entry) { return entry.first == shown; });
  SubmissionNeighbours neighbours;
  if (at == order.end()) return neighbours;
  if (at != order.begin()) neighbours.previous = (at - 1)->first;
  if (at + 1 != order.end()) neighbours.next = (at + 1)->first;
  for (auto it = at; it != order.begin();)
    if ((--it)->second) {
      neighbours.previous_pending = it->first;
      break;
    }
  for (auto it = at + 1; it != order.end(); ++it)
    if (it->second) {
      neighbours.next_pending = it->first;
      break;
    }
  return neighbours;
}

std::string submission_page(const PageFrame& frame, const SubmissionView& view,
                            const std::string& shown_student,
                            const SubmissionNeighbours& neighbours) {
  const std::string assignment = view.record.assignment;
  const std::string folder =
      frame.base + "assignments/" + feedback::percent_encode_segment(assignment) + "/";
  std::string html =
      "<h1>" + escape_html(assignment) + " &middot; " + escape_html(shown_student) + "</h1>\n";
  const auto href = [&](const std::string& shown) {
    return shown.empty() ? "" : folder + feedback::percent_encode_segment(shown);
  };
  html +=
      "<p>" +
      neighbour_link("prev-ungraded", "&larr; previous to grade (p)",
                     href(neighbours.previous_pending)) +
      " &middot; " + neighbour_link("prev-submission", "previous (P)", href(neighbours.previous)) +
      " &middot; <a href=\"" + escape_html(folder) + "\">all submissions</a> &middot; " +
      neighbour_link("next-submission", "next (N)", href(neighbours.next)) + " &middot; " +
      neighbour_link("next-ungraded", "next to grade (n) &rarr;", href(neighbours.next_pending)) +
      "</p>\n";
  html += "<div class=\"score\" id=\"grading-totals\">Total <span id=\"total\">" +
          format_milli(view.totals.points_milli) + " / " + format_milli(view.totals.max_milli) +
          "</span> &middot; answers pending: <span id=\"pending\">" +
          std::to_string(view.totals.manual_pending) + "</span> &middot; status " +
          escape_html(view.record.status) +
          (view.record.error.empty() ? "" : ": " + escape_html(view.record.error)) + "</div>\n";
  for (const auto& problem : view.problems)
    html += "<p class=\"tamper\">" + escape_html(problem) + "</p>\n";
  for (const auto& nb : view.notebooks) {
    feedback::PageContext context;
    context.course = view.record.course;
    context.assignment = assignment;
    context.notebook = nb.name;
    context.hidden_tests = nb.hidden_tests;
    context.show_hidden = true;  // graders see hidden tests and their output
    html += "<h2 class=\"notebook\">" + escape_html(nb.name) + " &middot; " +
            format_milli(nb.grades.points_milli()) + " / " + format_milli(nb.grades.max_milli()) +
            "</h2>\n";
    html += feedback::tampering_block(nb.grades);
    const std::string cells = feedback::render_notebook_cells(
        nb.notebook, nb.grades, context,
        [&](const std::string& grade_id, const feedback::CellGrade& grade) {
          return grading_form(nb.name, grade_id, grade, view);
        });
    html += cells;
  }
  const std::string body =
      attribute("data-assignment", assignment) + attribute("data-student", shown_student);
  return render_page(frame, assignment + " / " + shown_student + " - gradebox formgrader", html,
                     body);
}

}  // namespace gradebox::formgrader
