// The pipeline steps. Each is defined in its own file (named after the step) and unit-tested alone.
#pragma once

#include <optional>

#include "grader/pipeline/step.hpp"

namespace gradebox::pipeline {

// Prepends the cells of config.header and appends those of config.footer (nbgrader's
// IncludeHeaderFooter).
Step include_header_footer();
// deletable:false on grade/solution/locked cells, editable:false too unless a solution
// (nbgrader's LockCells with its defaults).
Step lock_cells();
// Replaces solution regions (or whole solution cells) with the stub of the notebook's kernelspec
// language; a region outside a solution cell or an unknown language is an error.
Step clear_solutions();
// Empties code cell outputs and execution counts, drops collapsed/scrolled metadata.
Step clear_outputs();
// nbgrader metadata v3 validation of every cell and grade_id uniqueness.
Step check_cell_metadata();
// Stores checksum and cell_type in the metadata of grade/solution/locked cells.
Step compute_checksums();
// Serializes the notebook as it is now (hidden tests and mark schemes still in) into `master`
// (Jupyter's bytes, ready to be written as the master copy).
Step save_master_copy(std::string& master);
// Removes hidden test regions; a region outside a grade cell is an error.
Step clear_hidden_tests();
// Removes mark scheme regions; a region outside a task cell, or an attachment inside one
// (it would leak to students), is an error.
Step clear_mark_schemes();

}  // namespace gradebox::pipeline
