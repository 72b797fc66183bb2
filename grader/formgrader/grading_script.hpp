// The formgrader's one script, inlined in every page under the page's CSP nonce. It is ours
// alone: it reads only data-* attributes the server wrote and sets only textContent, never markup.
//   - a grading form (form.grade) saves through POST <base>api/grade with the CSRF token, then
//     updates the cell's state line, the submission's total and pending count, and moves to the
//     next ungraded cell; a 409 shows who graded the cell meanwhile (saving again overwrites)
//   - keys outside text fields: j / k next / previous ungraded cell, n / p next / previous
//     submission; Enter in a points box saves; Escape leaves a field
#pragma once

#include <string_view>

namespace gradebox::formgrader {

std::string_view grading_script();

}  // namespace gradebox::formgrader
