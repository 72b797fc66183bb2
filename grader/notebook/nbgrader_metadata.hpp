// nbgrader cell metadata (cell.metadata.nbgrader, schema version 3): reading, the derived flags
// nbgrader computes (is_locked), and every rule nbgrader's MetadataValidatorV3 enforces.
#pragma once

#include <optional>
#include <string>

#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::notebook {

inline constexpr int kNbgraderSchemaVersion = 3;

// The flags as nbgrader's utils.is_* read them: a missing or non-boolean flag is false.
bool has_nbgrader_metadata(const Json& cell);
bool is_grade(const Json& cell);
bool is_solution(const Json& cell);
bool is_task(const Json& cell);
// A grade cell or a task cell: the cells that carry points (one gradebook Grade each in nbgrader).
bool carries_points(const Json& cell);
// solution -> false; else grade -> true; else the `locked` flag.
bool is_locked(const Json& cell);
// "" when absent.
std::string grade_id(const Json& cell);
// The `points` value, when present and a number.
std::optional<double> points(const Json& cell);

// Rules for one cell: schema version (too old: how to upgrade; too new: refused), the v3 JSON
// schema (required flags, types, grade_id pattern, points >= 0, checksum of 32 hex digits,
// cell_type enum, no unknown keys), grade_id for grade/solution/locked cells, points for grade
// cells, markdown grade <=> solution unless a task, task cells markdown, changed cell_type
// (a warning, as in nbgrader).
Problems validate_nbgrader_cell(const Json& cell, std::size_t index,
                                const std::filesystem::path& file);
// Every cell, plus grade_id uniqueness among grade/solution/locked cells. Cells with an old or
// too-new schema are summarised once per notebook rather than once per cell.
Problems validate_nbgrader_notebook(const Notebook& notebook);

}  // namespace gradebox::notebook
