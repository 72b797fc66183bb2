// `gradebox feedback`: pages for every (or the chosen) student's autograded notebooks of one
// assignment, and the instructor index.
//
// Inputs under the course root:
//   autograded/<student>/<a>/<nb>.ipynb   sources, outputs, metadata.gradebox per cell
//   .gradebox/master/<a>/<nb>.ipynb       which test cells hide tests (absent: a warning, and
//                                         hidden regions still present in sources are cut)
//   records/<a>/                          signed grade records and manual grades, used only after
//                                         verification against the trust store (default
//                                         .gradebox/keys/trust.json); failures are reported and
//                                         the page falls back to the autograded notebook
//   autograded|submitted/<s>/<a>/timestamp.txt   submission time when no record has one
// Outputs:
//   feedback/<student>/<a>/<nb>.html      one self-contained page per notebook
//   feedback/index.<a>.html               the instructor index
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grader/export/late_policy.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::feedback {

struct FeedbackOptions {
  std::string assignment;
  std::vector<std::string> students;  // empty: every student with autograded/<s>/<a>/
  bool show_hidden = false;
  std::optional<std::string> due;     // any form records::parse_timestamp accepts
  exporting::LatePolicy late_policy;
  std::optional<std::filesystem::path> trust_store;  // default <course>/.gradebox/keys/trust.json
  HiddenRegionMarkers regions;  // the course's hidden-test and mark-scheme delimiters
};

struct FeedbackOutcome {
  notebook::Problems problems;  // errors: a student or notebook without a page
  std::vector<std::filesystem::path> pages;
  std::optional<std::filesystem::path> index;
  std::size_t students = 0;
};

// Throws std::invalid_argument for unusable options (bad --due, unsafe names).
FeedbackOutcome generate_feedback(const std::filesystem::path& course_root,
                                  const FeedbackOptions& options);

std::filesystem::path feedback_page_path(const std::filesystem::path& course_root,
                                         const std::string& student, const std::string& assignment,
                                         const std::string& notebook_file);

}  // namespace gradebox::feedback
