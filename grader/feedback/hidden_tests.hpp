// Which test cells hide tests, and the source a student may see. The master copy
// (<course>/.gradebox/master/<a>/<nb>.ipynb, see pipeline/release.hpp) keeps the BEGIN/END HIDDEN
// TESTS regions that release removed, so it names the test cells with hidden parts; the
// autograded notebook holds the restored full source, from which those regions are cut again.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "grader/notebook/notebook.hpp"

namespace gradebox::feedback {

// grade_ids of the master's cells that contain a hidden-tests region.
std::set<std::string> hidden_test_ids(const notebook::Notebook& master);

// The cell source without hidden-test and mark-scheme regions (their delimiter lines included).
// A source whose regions cannot be parsed (unterminated BEGIN) is withheld entirely: "".
std::string student_visible_source(std::string_view source);

// True when the source has a hidden-tests region (also without a master copy to say so).
bool has_hidden_tests(std::string_view source);

}  // namespace gradebox::feedback
