// What a course's grading zygote preloads when gradebox.toml sets no runtime.preload: numpy, and
// pandas only when a notebook of the course's source/ imports it.
//
// A preloaded module costs nothing to import in a session, but every session is a fork of the
// zygote, and pandas adds ~22 MiB and ~280 mappings that each fork copies and each exit drops:
// +24% CPU per submission for a course that never imports it (bench/RESULTS.md, issue 14). A
// course whose notebooks do import it pays a second per session without it (issue 15's pandas
// target), so the course's own source decides. autograde and runtime-serve both ask here, so a
// service started for the course has the preloads autograde asks for.
#pragma once

#include <string>
#include <vector>

#include "grader/course_config.hpp"

namespace gradebox::autograde {

// numpy, plus pandas when a code cell of a notebook under `<course>/source/` has an
// `import pandas` / `from pandas` statement. A source/ that cannot be read counts as no import.
std::vector<std::string> course_preload(const CourseConfig& config);

// Whether `source` (one code cell) imports `module` at any line: `import a, module as m`,
// `from module import x`, `from module.sub import x`.
bool cell_imports(const std::string& source, const std::string& module);

}  // namespace gradebox::autograde
