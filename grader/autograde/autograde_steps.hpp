// The autograde steps (nbgrader's Autograde preprocessors, hardened). Each is one transformation of
// the submitted notebook, defined in its own file and unit-tested alone on the nbgrader fixtures.
// Tampering is reported as data (records::TamperingFinding) into the vector a step was built with:
// only what could change a grade. What Jupyter, another kernel or the instructor changed is no
// finding (a kernelspec's display name, outputs, execution counts, widget state, other metadata);
// what is worth telling without being tampering goes into the record's notes.
//
// Order (grade_submission.cpp): clear outputs, clear execution metadata, deduplicate grade_ids,
// restore kernelspec, overwrite locked cells, [execute], score cells. nbgrader's LimitOutput is
// no step: the runtime caps each cell's output as it is produced
// (kernel/runtime/cell_output_caps.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "grader/notebook/notebook.hpp"
#include "grader/pipeline/step.hpp"
#include "grader/records/grade_record.hpp"

namespace gradebox::autograde {

using Findings = std::vector<records::TamperingFinding>;
using Notes = std::vector<records::GradingNote>;

// Removes `metadata.gradebox` from every cell: only gradebox's own execute step writes verdicts
// there, so a verdict forged in the submitted file must never reach scoring.
pipeline::Step clear_execution_metadata(Findings& findings);

// nbgrader's DeduplicateIds: when a grade_id occurs on several grade/solution/locked cells, the
// last one keeps it and the earlier ones lose their nbgrader metadata (note "duplicate_grade_id":
// Jupyter's copy and paste copies a cell's metadata, so this is no tampering).
pipeline::Step deduplicate_grade_ids(Notes& notes);

// Sets metadata.kernelspec to the master copy's. No finding: Jupyter rewrites the kernelspec
// (another display name, a kernel chosen on the student's machine) and the grade never depends
// on it, since gradebox runs every cell in its own Python worker.
pipeline::Step restore_kernelspec(const notebook::Notebook& master);

// Brings every cell with a grade_id known to the master copy back to the master's type, points and
// nbgrader flags; locked cells (tests, read-only) also get the master's source, hidden tests
// included. Deleted locked cells are re-inserted at their master position; deleted answer cells
// come back from `release` (the stub), never from the master (it holds the solution). A graded
// cell whose grade_id the master does not know loses its nbgrader metadata (it could claim
// points). Findings: edited_locked_cell, edited_test, changed_cell_type, flipped_flags,
// changed_points, deleted_cell, unknown_grade_id.
pipeline::Step overwrite_locked_cells(const notebook::Notebook& master,
                                      const notebook::Notebook& release, Findings& findings);

}  // namespace gradebox::autograde
