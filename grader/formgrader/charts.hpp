// Server-rendered SVG charts for the assignment page (no script, no external file): the score
// distribution and each auto-graded cell's pass rate, lowest first, so the test most students
// fail is on top. Labels are escaped; the SVG is inline in the page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "grader/formgrader/gradebook.hpp"

namespace gradebox::formgrader {

struct Score {
  int64_t points_milli = 0;
  int64_t max_milli = 0;
};

// Ten bins of the score as a share of the maximum (0-10 %, ..., 90-100 %).
std::string score_distribution_svg(const std::vector<Score>& scores);

// One bar per cell: passed / graded (full points with verdict ok counts as passed).
std::string pass_rate_svg(std::vector<TestCellRate> rates);

}  // namespace gradebox::formgrader
