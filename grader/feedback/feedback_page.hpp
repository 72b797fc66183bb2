// Page assembly: one self-contained HTML document per student notebook. Everything is inline
// (style, images as data: URIs); a Content-Security-Policy meta forbids every script, frame,
// form target, font and remote fetch (default-src 'none'; img-src data:; style-src
// 'unsafe-inline'), so even markup that slipped past escaping could neither run nor phone home.
// A page with LaTeX adds the inlined KaTeX (katex_assets.hpp): its two scripts, admitted by
// their SHA-256 only, and its fonts as data: URIs.
//
// Layout: title and student; score and max (notebook, and the assignment with any late
// penalty); tampering findings; a summary table of graded cells; then every cell in
// order with its source (markdown rendered safely, code escaped), its verdict and points when
// graded, the grader's comment, and its outputs. Test cells with hidden tests show only their
// visible source and no output unless context.show_hidden.
#pragma once

#include <functional>
#include <string>

#include "grader/feedback/feedback_model.hpp"
#include "grader/notebook/notebook.hpp"

namespace gradebox::feedback {

inline constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

std::string render_feedback_page(const notebook::Notebook& autograded, const NotebookGrades& grades,
                                 const PageContext& context);

// Extra HTML closing a graded cell's section (the formgrader's grading form); "" for none.
using GradedCellControls =
    std::function<std::string(const std::string& grade_id, const CellGrade& grade)>;

// Every cell of the notebook as the feedback page shows it (no page frame, no score block).
std::string render_notebook_cells(const notebook::Notebook& autograded,
                                  const NotebookGrades& grades, const PageContext& context,
                                  const GradedCellControls& controls = {});

// The notebook's tampering findings as a warning block; "" when there are none.
std::string tampering_block(const NotebookGrades& grades);

// "1.5", "7", "0.125": milli-points without float noise.
std::string format_points(int64_t milli);

// The shared <head> (charset, CSP, title, style) both page kinds use; `extra` goes at its end.
std::string page_head(const std::string& title, const std::string& csp = kContentSecurityPolicy,
                      const std::string& extra = "");

}  // namespace gradebox::feedback
