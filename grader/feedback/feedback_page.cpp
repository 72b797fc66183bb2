// Owns the feedback page's structure and style.
#include "grader/feedback/feedback_page.hpp"

#include "grader/export/milli_points.hpp"
#include "grader/feedback/finding_list.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/katex_assets.hpp"
#include "grader/feedback/markdown_math.hpp"
#include "grader/feedback/markdown_render.hpp"
#include "grader/feedback/output_render.hpp"
#include "grader/notebook/nbgrader_metadata.hpp"

namespace gradebox::feedback {
namespace {
using notebook::Json;

constexpr const char* kStyle = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.5rem;margin-bottom:.2rem}.sub{color:#59636e;margin-top:0}
.score{font-size:1.3rem;font-weight:600;background:#f6f8fa;border:1px solid #d1d9e0;border-radius:6px;padding:.6rem 1rem}
.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem 1rem}
.tamper{background:#ffebe9;border:1px solid #cf222e;border-radius:6px;padding:.5rem 1rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d1d9e0;padding:.25rem .6rem;text-align:left}
.cell{border:1px solid #d1d9e0;border-radius:6px;margin:1rem 0;padding:.5rem .8rem}
.cell.graded{border-left:4px solid #0969da}.cell-head{font-size:.85rem;color:#59636e;margin-bottom:.3rem}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-word;margin:.3rem 0}
pre.stderr,pre.error{background:#ffebe9}.outputs{border-top:1px dashed #d1d9e0;margin-top:.4rem}
.output-note,.hidden-note{color:#59636e;font-style:italic}.output-image{max-width:100%}
.badge{display:inline-block;border-radius:1rem;padding:0 .5rem;font-weight:600;font-size:.85rem}
.v-ok{background:#dafbe1;color:#116329}.v-bad{background:#ffebe9;color:#a40e26}.v-manual{background:#fff8c5;color:#7d4e00}
.comment{background:#ddf4ff;border-radius:6px;padding:.4rem .8rem}
)css";

std::string esc(std::string_view text) {
  return escape_html(text);
}

std::string verdict_badge(const CellGrade& grade) {
  if (grade.manually_graded) return "<span class=\"badge v-manual\">graded by hand</span>";
  if (grade.needs_manual_grade) return "<span class=\"badge v-manual\">needs manual grading</span>";
  if (grade.no_response) return "<span class=\"badge v-bad\">no response</span>";
  if (grade.manual) return "<span class=\"badge v-manual\">manual answer</span>";
  if (grade.verdict.empty()) return "";
  const char* css = grade.verdict == "ok" ? "v-ok" : "v-bad";
  return std::string("<span class=\"badge ") + css + "\">" + esc(grade.verdict) + "</span>";
}

std::string points_text(const CellGrade& grade) {
  if (grade.needs_manual_grade) return "? / " + format_points(grade.max_milli);
  return format_points(grade.points_milli) + " / " + format_points(grade.max_milli);
}

std::string score_block(const NotebookGrades& grades, const PageContext& context) {
  std::string html =
      "<div class=\"score\" id=\"score\">Score: " + format_points(grades.points_milli()) + " / " +
      format_points(grades.max_milli()) + "</div>\n";
  std::size_t pending = 0;
  for (const auto& [id, grade] : grades.cells) pending += grade.needs_manual_grade ? 1 : 0;
  if (pending)
    html += "<p class=\"warn\">" + std::to_string(pending) +
            " answer(s) await manual grading; the score may still rise.</p>\n";
  html += "<p>Assignment total (all notebooks): " + format_points(context.assignment_points_milli) +
          " / " + format_points(context.assignment_max_milli);
  if (context.late && context.late->penalty_milli > 0) {
    const int64_t after =
        std::max<int64_t>(0, context.assignment_points_milli - context.late->penalty_milli);
    html += ", late penalty &minus;" + format_points(context.late->penalty_milli) + ", final " +
            format_points(after) + " / " + format_points(context.assignment_max_milli);
  }
  html += "</p>\n";
  if (context.late) {
    const LateNote& late = *context.late;
    html += "<p id=\"late\">Submitted " + esc(late.submitted_at);
    if (!late.due.empty()) html += ", due " + esc(late.due);
    if (late.seconds_late > 0) {
      const int64_t days = (late.seconds_late + 86399) / 86400;
      html += ": late by " + std::to_string(late.seconds_late / 3600) + " h " +
              std::to_string(late.seconds_late % 3600 / 60) + " min (" + std::to_string(days) +
              " started day(s)); policy " + esc(late.policy) + ", penalty " +
              format_points(late.penalty_milli) + " point(s)";
    } else if (!late.due.empty()) {
      html += ": on time";
    }
    html += ".</p>\n";
  }
  return html;
}

std::string summary_table(const notebook::Notebook& nb, const NotebookGrades& grades) {
  std::string rows;
  for (const auto& cell : nb.cells()) {
    if (!cell.is_object() || !notebook::carries_points(cell)) continue;
    const auto it = grades.cells.find(notebook::grade_id(cell));
    if (it == grades.cells.end()) continue;
    rows += "<tr><td><a href=\"#" + esc("cell-" + it->first) + "\"><code>" + esc(it->first) +
            "</code></a></td><td>" + verdict_badge(it->second) + "</td><td>" +
            points_text(it->second) + "</td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<table id=\"summary\"><tr><th>question</th><th>result</th><th>points</th></tr>\n" + rows +
         "</table>\n";
}

std::string cell_source_html(const Json& cell, const std::string& source, bool markdown,
                             const PageContext& context) {
  if (markdown) {
    const auto attachments = cell.find("attachments");
    const MarkdownImageSources images{attachments != cell.end() ? &*attachments : nullptr,
                                      context.image_folder};
    return "<div class=\"markdown\">" + render_markdown(source, &images) + "</div>\n";
  }
  const std::string type = notebook::cell_type(cell);
  return "<pre class=\"source " + esc(type) + "\">" + esc(source) + "</pre>\n";
}

std::string render_cell(const Json& cell, std::size_t index, const NotebookGrades& grades,
                        const PageContext& context, const GradedCellControls& controls) {
  if (!cell.is_object()) return "";
  const std::string type = notebook::cell_type(cell);
  const std::string id = notebook::grade_id(cell);
  const std::string full_source = notebook::cell_source(cell);
  const bool hides_tests =
      notebook::is_grade(cell) &&
      (context.hidden_tests.count(id) != 0 || has_hidden_tests(full_source, context.regions));
  const bool withhold = !context.show_hidden;
  const auto grade = notebook::carries_points(cell) ? grades.cells.find(id) : grades.cells.end();

  std::string html = "<section class=\"cell " + esc(type) +
                     (grade != grades.cells.end() ? " graded" : "") + "\" id=\"" +
                     esc(id.empty() ? "cell" + std::to_string(index) : "cell-" + id) + "\">\n";
  html += "<div class=\"cell-head\">cell " + std::to_string(index);
  if (!id.empty()) html += " &middot; <code>" + esc(id) + "</code>";
  if (grade != grades.cells.end()) {
    html += " &middot; " + verdict_badge(grade->second) + " &middot; " +
            points_text(grade->second) + " points";
    // A failing hidden test's reason is its assertion message: never shown to students.
    if (!grade->second.reason.empty() && grade->second.verdict != "ok" &&
        !(hides_tests && withhold))
      html += " &middot; " + esc(grade->second.reason);
  }
  html += "</div>\n";

  std::string source = full_source;
  if (withhold) {
    const auto master = hides_tests ? context.hidden_tests.find(id) : context.hidden_tests.end();
    source = master != context.hidden_tests.end()
                 ? master->second
                 : student_visible_source(full_source, context.regions);
  }
  html += cell_source_html(cell, source, type == "markdown", context);
  if (hides_tests) {
    html += withhold
                ? "<p class=\"hidden-note\">This test includes hidden tests: their source and "
                  "this cell's output are not shown.</p>\n"
                : "<p class=\"hidden-note\">Includes hidden tests (shown: --show-hidden).</p>\n";
  }
  if (grade != grades.cells.end() && !grade->second.comment.empty())
    html += "<div class=\"comment\"><strong>Grader's comment:</strong> " +
            esc(grade->second.comment) + "</div>\n";
  // A visible test's failing line is shown; a cell hiding tests shows no output to students.
  const bool visible_test =
      notebook::is_grade(cell) && !notebook::is_solution(cell) && !hides_tests;
  if (!(hides_tests && withhold))
    html += render_outputs(cell, visible_test ? &full_source : nullptr);
  if (controls && grade != grades.cells.end()) html += controls(grade->first, grade->second);
  return html + "</section>\n";
}

}  // namespace

std::string tampering_block(const NotebookGrades& grades) {
  return finding_list_block(grades.tampering, "tamper", "tampering",
                            "<strong>Tampering findings</strong> (the original instructor cells "
                            "were restored before grading)");
}

std::string format_points(int64_t milli) {
  return exporting::format_milli(milli);
}

std::string page_head(const std::string& title, const std::string& csp, const std::string& extra) {
  return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n") +
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp +
         "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + "</title>\n<style>" + kStyle + "</style>\n" + extra + "</head>\n";
}

std::string render_notebook_cells(const notebook::Notebook& autograded,
                                  const NotebookGrades& grades, const PageContext& context,
                                  const GradedCellControls& controls) {
  std::string html;
  for (std::size_t i = 0; i < autograded.cell_count(); ++i)
    html += render_cell(autograded.cell(i), i, grades, context, controls);
  return html;
}

std::string render_feedback_page(const notebook::Notebook& autograded, const NotebookGrades& grades,
                                 const PageContext& context) {
  const std::string title = context.assignment + " / " + context.notebook + " - " + context.student;
  std::string html = "<body>\n";
  html += "<h1>" + esc(context.assignment) + " &middot; " + esc(context.notebook) + "</h1>\n";
  html += "<p class=\"sub\">Feedback for <strong>" + esc(context.student) + "</strong>";
  if (!context.course.empty()) html += " &middot; course " + esc(context.course);
  html += " &middot; grades from " + esc(grades.source) + "</p>\n";
  html += score_block(grades, context);
  html += tampering_block(grades);
  html += grading_notes_block(grades);
  html += summary_table(autograded, grades);
  html += render_notebook_cells(autograded, grades, context);
  // KaTeX only on pages with math: its scripts are admitted by hash, nothing else may run.
  const auto& katex = inline_katex();
  if (katex && html.find(kMathClass) != std::string::npos)
    return page_head(title, katex->csp, katex->style) + html + katex->scripts +
           "</body>\n</html>\n";
  return page_head(title) + html + "</body>\n</html>\n";
}

}  // namespace gradebox::feedback
