// The one adapter from the autograded notebook's own cell metadata to NotebookGrades. The
// autograde pipeline writes, per executed code cell, `metadata.gradebox`:
//   verdict, reason, wall_ms, cpu_ms, peak_memory_bytes, output_truncated, isolation_level,
//   value_text (optional), and for grade cells score: {points, max_points,
//   status: auto|no_response|manual_pending}
// A grade cell without that metadata still appears, with its max points from nbgrader metadata.
#pragma once

#include "grader/feedback/feedback_model.hpp"
#include "grader/notebook/notebook.hpp"

namespace gradebox::feedback {

NotebookGrades grades_from_autograded_metadata(const notebook::Notebook& autograded);

// Points as integer milli-points, rounded half away from zero (as the grade records count).
int64_t to_milli(double points);

}  // namespace gradebox::feedback
