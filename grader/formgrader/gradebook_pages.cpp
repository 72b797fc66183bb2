// Owns the assignments, assignment and overview pages (see gradebook_pages.hpp).
#include "grader/formgrader/gradebook_pages.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "grader/export/export_format.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/relative_href.hpp"
#include "grader/formgrader/charts.hpp"

namespace gradebox::formgrader {
namespace {

using exporting::format_milli;
using feedback::escape_html;

std::string score_text(const SubmissionSummary& row) {
  return format_milli(row.points_milli) + " / " + format_milli(row.max_milli);
}

std::string verdict_text(const SubmissionSummary& row) {
  std::string text;
  for (const auto& [verdict, count] : row.verdicts)
    text += (text.empty() ? "" : ", ") + verdict + " \u00d7" + std::to_string(count);
  return text;
}

std::string sort_link(const std::string& label, const std::string& key,
                      const std::string& current) {
  const std::string target = current == key ? "-" + key : key;
  return "<th><a href=\"?sort=" + target + "\">" + label +
         (current == key         ? " \u25b2"
          : current == "-" + key ? " \u25bc"
                                 : "") +
         "</a></th>";
}

std::string submission_row(const SubmissionSummary& row, const std::string& href,
                           const std::string& shown) {
  std::string problems;
  for (const auto& p : row.problems) problems += escape_html(p) + "<br>";
  if (!row.error.empty()) problems += escape_html(row.error);
  return "<tr data-student=\"" + escape_html(shown) + "\"><td><a href=\"" + href + "\">" +
         escape_html(shown) + "</a></td><td class=\"st-" + escape_html(row.status) + "\">" +
         escape_html(row.status) + "</td><td class=\"num\">" + score_text(row) +
         "</td><td class=\"num\">" + std::to_string(row.manual_pending) +
         "</td><td class=\"num\">" + std::to_string(row.tampering) + "</td><td>" +
         escape_html(verdict_text(row)) + "</td><td>" + problems + "</td></tr>\n";
}

std::string problem_list(const std::vector<std::string>& problems) {
  if (problems.empty()) return "";
  std::string html =
      "<div class=\"tamper\"><strong>Verification problems</strong> (run <code>gradebox "
      "verify</code>)<ul>";
  for (const auto& p : problems) html += "<li>" + escape_html(p) + "</li>";
  return html + "</ul></div>\n";
}

}  // namespace

void sort_submissions(std::vector<SubmissionSummary>& rows, const std::string& key,
                      const StudentNames& names) {
  const bool reverse = !key.empty() && key[0] == '-';
  const std::string by = reverse ? key.substr(1) : key;
  const auto share = [](const SubmissionSummary& r) {
    return r.max_milli > 0 ? static_cast<double>(r.points_milli) / static_cast<double>(r.max_milli)
                           : 0.0;
  };
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const SubmissionSummary& a, const SubmissionSummary& b) {
                     if (by == "status" && a.status != b.status) return a.status < b.status;
                     if (by == "score" && share(a) != share(b)) return share(a) < share(b);
                     if (by == "pending" && a.manual_pending != b.manual_pending)
                       return a.manual_pending > b.manual_pending;
                     if (by == "tampering" && a.tampering != b.tampering)
                       return a.tampering > b.tampering;
                     return names.shown(a.student) < names.shown(b.student);
                   });
  if (reverse) std::reverse(rows.begin(), rows.end());
}

std::string assignments_page(const PageFrame& frame,
                             const std::vector<AssignmentGradebook>& books) {
  std::string html =
      "<h1>Assignments</h1>\n<table id=\"assignments\"><tr><th>assignment</th><th>submissions</th>"
      "<th>errored</th><th>answers pending</th><th>tampering findings</th><th>problems</th></tr>\n";
  for (const auto& book : books) {
    const auto counts = book.counts();
    html += "<tr><td><a href=\"" + escape_html(frame.base) + "assignments/" +
            feedback::percent_encode_segment(book.name) + "\">" + escape_html(book.name) +
            "</a></td>";
    for (const auto number :
         {counts.submissions, counts.errored, static_cast<std::size_t>(counts.manual_pending),
          counts.tampering, counts.problems})
      html += "<td class=\"num\">" + std::to_string(number) + "</td>";
    html += "</tr>\n";
  }
  if (books.empty())
    html +=
        "<tr><td colspan=\"6\">No records yet: run <code>gradebox autograde</code>.</td></tr>\n";
  return render_page(frame, "Assignments - gradebox formgrader", html + "</table>\n");
}

std::string assignment_page(const PageFrame& frame, AssignmentGradebook& book,
                            const StudentNames& names, const std::string& sort) {
  std::vector<Score> scores;
  for (const auto& row : book.submissions)
    if (row.status == "graded") scores.push_back({row.points_milli, row.max_milli});
  std::string html =
      "<h1>" + escape_html(book.name) + "</h1>\n" + problem_list(book.problems) +
      "<div class=\"charts\"><figure id=\"score-distribution\">" + score_distribution_svg(scores) +
      "<figcaption>Score distribution (graded submissions)</figcaption></figure>"
      "<figure id=\"pass-rates\">" +
      pass_rate_svg(book.test_cells()) +
      "<figcaption>Pass rate per auto-graded cell, lowest first</figcaption></figure></div>\n";
  sort_submissions(book.submissions, sort, names);
  html += "<table id=\"submissions\" class=\"sortable\"><tr>" +
          sort_link("student", "student", sort) + sort_link("status", "status", sort) +
          sort_link("score", "score", sort) + sort_link("pending", "pending", sort) +
          sort_link("tampering", "tampering", sort) + "<th>verdicts</th><th>problems</th></tr>\n";
  const std::string prefix =
      escape_html(frame.base) + "assignments/" + feedback::percent_encode_segment(book.name) + "/";
  for (const auto& row : book.submissions) {
    const std::string shown = names.shown(row.student);
    html += submission_row(row, prefix + feedback::percent_encode_segment(shown), shown);
  }
  return render_page(frame, book.name + " - gradebox formgrader", html + "</table>\n");
}

std::string overview_page(const PageFrame& frame, const std::vector<AssignmentGradebook>& books,
                          const StudentNames& names) {
  std::map<std::string, std::map<std::string, const SubmissionSummary*>>
      cells;  // shown -> assignment
  for (const auto& book : books)
    for (const auto& row : book.submissions) cells[names.shown(row.student)][book.name] = &row;
  std::string html =
      "<h1>Overview</h1>\n<p id=\"export\">Export (verified records, manual grades applied):";
  if (names.anonymous()) {
    html += " not offered in anonymous mode (it names students); use <code>gradebox-export</code>.";
  } else {
    for (const auto format : {exporting::ExportFormat::nbgrader, exporting::ExportFormat::canvas,
                              exporting::ExportFormat::moodle, exporting::ExportFormat::blackboard,
                              exporting::ExportFormat::lti_ags, exporting::ExportFormat::json}) {
      const std::string name(exporting::to_string(format));
      html +=
          " <a href=\"" + escape_html(frame.base) + "export?format=" + name + "\">" + name + "</a>";
    }
  }
  html += "</p>\n<table id=\"overview\"><tr><th>student</th>";
  for (const auto& book : books) html += "<th>" + escape_html(book.name) + "</th>";
  html += "</tr>\n";
  for (const auto& [shown, row] : cells) {
    html += "<tr><td>" + escape_html(shown) + "</td>";
    for (const auto& book : books) {
      const auto it = row.find(book.name);
      if (it == row.end()) {
        html += "<td>&ndash;</td>";
        continue;
      }
      html += "<td class=\"num st-" + escape_html(it->second->status) + "\"><a href=\"" +
              escape_html(frame.base) + "assignments/" +
              feedback::percent_encode_segment(book.name) + "/" +
              feedback::percent_encode_segment(shown) + "\">" + score_text(*it->second) + "</a>" +
              (it->second->manual_pending
                   ? " (" + std::to_string(it->second->manual_pending) + " pending)"
                   : "") +
              "</td>";
    }
    html += "</tr>\n";
  }
  return render_page(frame, "Overview - gradebox formgrader", html + "</table>\n");
}

}  // namespace gradebox::formgrader
