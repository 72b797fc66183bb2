// The one rule for student ids, applied wherever gradebox discovers or is given one: the folders
// under submitted/ and autograded/ (autograde, status, feedback), --student options, and the
// roster of gradebox-export. A student id is
//   1 to 128 characters, each one of   A-Z a-z 0-9 _ . @ + -
//   starting with a letter, a digit or '_'
// so it is always one safe path component, one plain word in a terminal, a CSV cell no
// spreadsheet reads as a formula, and a relative link no browser reads as a URL scheme. This
// refuses control characters (ESC, newline), '/', a leading '.', ':', spaces, quotes and anything
// non-ASCII. JupyterHub and LMS user names ("jdoe", "jane.doe@uni.edu", "s1234567") pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gradebox::course {

inline constexpr std::size_t kMaxStudentIdLength = 128;

// What to do about a refused id, for error hints.
inline constexpr const char* kStudentIdFix =
    "rename the folder (or fix the id) to 1-128 characters of A-Z a-z 0-9 _ . @ + -, starting "
    "with a letter, digit or _ (e.g. the student's JupyterHub user name)";

// nullopt when `id` follows the rule; otherwise why not, naming the id with its control
// characters escaped (printable_text.hpp).
std::optional<std::string> student_id_problem(std::string_view id);

}  // namespace gradebox::course
