// The formgrader's one script, served as static/formgrader.js (static_assets.hpp). It is ours
// alone: it reads only data-* attributes the server wrote and sets only textContent, never markup
// (KaTeX builds the math from a span's text, with its default trust: no links, no HTML).
//   - a grading form (div.grade: Save, or Enter in a field) saves through POST <base>api/grade with
//   the CSRF token, then
//     updates the cell's state line, the submission's total and pending count, and moves to the
//     next ungraded cell; a 409 shows who graded the cell meanwhile (saving again overwrites)
//   - keys outside text fields: j / k next / previous ungraded cell, n / p next / previous
//     submission with answers pending, N / P next / previous submission; Enter in a points box
//     saves; Escape leaves a field
//   - math: when the page loaded KaTeX, every span.math the feedback renderer left is rendered
#pragma once

#include <string_view>

namespace gradebox::formgrader {

std::string_view grading_script();

}  // namespace gradebox::formgrader
