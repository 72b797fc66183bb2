// Which test cells hide tests, and the source a student may see. The master copy
// (<course>/.gradebox/master/<a>/<nb>.ipynb, see pipeline/release.hpp) keeps the BEGIN/END HIDDEN
// TESTS regions that release removed, so it names the test cells with hidden parts; the
// autograded notebook holds the restored full source, from which those regions are cut again.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "grader/notebook/notebook.hpp"
#include "grader/pipeline/regions.hpp"

namespace gradebox::feedback {

// The delimiters of hidden tests and mark schemes: the course's (CourseConfig, e.g. from
// nbgrader_config.py), nbgrader's by default. They point into the caller's CourseConfig.
struct HiddenRegionMarkers {
  pipeline::RegionMarkers hidden_tests = pipeline::kHiddenTestsRegion;
  pipeline::RegionMarkers mark_scheme = pipeline::kMarkSchemeRegion;
};

// grade_id -> the student-visible source (regions cut) of each master cell that contains a
// hidden-tests region. Pages show this source rather than the autograded one, so hidden lines
// never show even when an autograded copy lost its markers.
std::map<std::string, std::string> hidden_test_cells(const notebook::Notebook& master,
                                                     const HiddenRegionMarkers& markers = {});

// The cell source without hidden-test and mark-scheme regions (their delimiter lines included).
// A source whose regions cannot be parsed (unterminated BEGIN) is withheld entirely: "".
std::string student_visible_source(std::string_view source,
                                   const HiddenRegionMarkers& markers = {});

// True when the source has a hidden-tests region (also without a master copy to say so).
bool has_hidden_tests(std::string_view source, const HiddenRegionMarkers& markers = {});

}  // namespace gradebox::feedback
