// The nbgrader traits gradebox honours, mapped onto CourseConfig (course_config.hpp). A trait
// gradebox does not support is a warning naming the file and the trait (once per load); a value of
// the wrong type is an error, as traitlets would raise.
//
// | trait                                                  | CourseConfig              |
// |--------------------------------------------------------|---------------------------|
// | CourseDirectory.course_id, Exchange.course_id           | course_id                 |
// | CourseDirectory.ignore / include / max_file_size (kB)   | copy                      |
// | CourseDirectory.student_id_exclude (comma-separated)    | excluded_students         |
// | CourseDirectory.root, *_directory                       | checked: gradebox uses --course and
// nbgrader's default layout; other values are warnings | | ClearSolutions.code_stub / text_stub |
// code_stubs / text_stub    | | ClearSolutions.begin/end_solution_delimeter, enforce_metadata |
// solution            | | ClearHiddenTests.begin/end_test_delimeter, enforce_metadata   |
// hidden_tests        | | ClearMarkingScheme.begin/end_mark_scheme_delimeter, enforce_metadata |
// mark_scheme  | | IncludeHeaderFooter.header / footer                     | header / footer | |
// LockCells.lock_solution/grade/readonly/all_cells        | lock                      | |
// Execute.timeout (else ExecutePreprocessor.timeout)      | session_limits.wall_time   | |
// LateSubmissionPlugin.penalty_method (none, zero)        | late_penalty_method       | |
// Exchange.root, Exchange.path_includes_course           | exchange                  | |
// ExchangeCollect.check_owner, CollectApp.check_owner     | exchange.check_owner      | |
// CourseDirectory.max_dir_size (kB)                       | exchange.max_dir_bytes    | |
// *.plugin_class                                          | warning: custom plugins do not run |
#pragma once

#include <filesystem>

#include "grader/course_config.hpp"
#include "grader/nbgrader_config/recorder.hpp"

namespace gradebox::nbgrader_config {

void apply_traits(const RecordedConfig& recorded, const std::filesystem::path& file,
                  CourseConfig& config, notebook::Problems& problems);

// When `<config.root>/nbgrader_config.py` exists: records it (in the sandbox) and applies it.
// A config that cannot be evaluated is an error naming the file.
void apply_nbgrader_config(CourseConfig& config, notebook::Problems& problems,
                           const RecorderLimits& limits = {});

}  // namespace gradebox::nbgrader_config
