// `gradebox validate`: the student-side check, nbgrader's Validator with gradebox's verdicts.
// No master copy: the notebook runs as it is (NBGRADER_EXECUTION=validate, NBGRADER_VALIDATING=1)
// in a private copy of its folder (validate_scratch_copy.hpp: the caller's folder is only read,
// never written or chowned) and is judged as nbgrader judges it, in nbgrader's order:
//   1. a grade/solution/locked cell whose type differs from metadata.nbgrader.cell_type: report
//      "THE TYPES OF n CELL(S) HAVE CHANGED!" without running anything;
//   2. a locked cell whose nbgrader checksum no longer matches: "THE CONTENTS OF n TEST CELL(S)
//      HAVE CHANGED!";
//   3. otherwise grade cells scoring below their points, plus failing tests worth 0 points and
//      unanswered manual answers: "VALIDATION FAILED ON n CELL(S)! ..." with each cell's source
//      and error, or "Success! Your notebook passes all the tests.". Hidden tests present in the
//      notebook (a source or autograded copy) run and count, as in nbgrader.
//   With --invert (nbgrader's Validator.invert): auto-graded cells scoring their maximum are
//      reported, "NOTEBOOK PASSED ON n CELL(S)!" with each cell's source, or "Success! The
//      notebook does not pass any tests.".
// The notebook file itself is never modified.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/autograde/grade_submission.hpp"
#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::autograde {

struct ValidatedCell {
  std::string source;              // stripped, as nbgrader prints it
  std::string old_type, new_type;  // type changes only
  std::string error;  // failures only: tracebacks joined, or "You did not provide a response."
};

struct ValidateOptions {
  bool invert = false;  // complain when cells pass, rather than fail
};

struct ValidationResult {
  std::filesystem::path notebook;
  // "success", "failed", "changed", "type_changed", "error", and with invert "passed"
  std::string status;
  std::string error;  // status "error": why the notebook could not be validated
  bool inverted = false;
  std::vector<std::string> not_copied;  // sibling entries left out of the private copy, "name: why"
  std::vector<ValidatedCell> type_changed, changed, failed, passing;
  bool passed() const { return status == "success"; }
};

ValidationResult validate_notebook(const std::filesystem::path& path, const CourseConfig& config,
                                   const SessionFactory& open_session,
                                   const ValidateOptions& options = {});

// nbgrader's validate_and_print text, byte for byte (width 90, 4-space indent).
std::string format_validation(const ValidationResult& result);
notebook::Json validation_to_json(const ValidationResult& result);

}  // namespace gradebox::autograde
