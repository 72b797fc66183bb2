// Delimited regions in cell sources (BEGIN/END SOLUTION, HIDDEN TESTS, MARK SCHEME), processed
// line by line as nbgrader does: a line containing the delimiter (substring match) is dropped
// whole; a nested or unterminated BEGIN is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "grader/course_config.hpp"

namespace gradebox::pipeline {

struct RegionMarkers {
  std::string_view begin;
  std::string_view end;
  std::string_view name;  // for messages: "solution", "hidden tests", "mark scheme"
};

inline constexpr RegionMarkers kSolutionRegion{"BEGIN SOLUTION", "END SOLUTION", "solution"};
inline constexpr RegionMarkers kHiddenTestsRegion{"BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
                                                  "hidden tests"};
inline constexpr RegionMarkers kMarkSchemeRegion{"BEGIN MARK SCHEME", "END MARK SCHEME",
                                                 "mark scheme"};

// The markers of a region whose delimiters the course configures (CourseConfig::solution, ...).
inline RegionMarkers region_markers(const RegionDelimiters& delimiters, std::string_view name) {
  return {delimiters.begin, delimiters.end, name};
}

// "close each BEGIN X with END X, without nesting", with the configured delimiters.
std::string unbalanced_region_hint(const RegionMarkers& markers);

struct RegionEdit {
  bool changed = false;  // a delimiter line was present (a stray END line is dropped too)
  std::string source;    // the source with regions removed or replaced (or as it was)
  bool found = false;    // at least one region was present
  std::optional<std::string> error;   // nested or unterminated region (source then unusable)
  std::size_t error_line = 0;         // 1-based line of the offending BEGIN
  bool attachment_in_region = false;  // a markdown attachment inside a region (mark schemes)
};

// Removes each region; with a stub, puts the stub's lines in its place, indented like the
// BEGIN line. Lines are split and joined on "\n" exactly as nbgrader does.
RegionEdit edit_regions(std::string_view source, const RegionMarkers& markers,
                        std::optional<std::string_view> stub = std::nullopt);

}  // namespace gradebox::pipeline
