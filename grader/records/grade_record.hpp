// The grade record: one per graded submission, signed in a DSSE envelope (see dsse_envelope.hpp)
// with payload type kGradeRecordPayloadType. Autograde fills a GradeRecord; to_json gives the
// body, which is always serialised with canonical_json (sorted keys, no whitespace, no floats).
//
// Body schema "gradebox.grade-record", schema_version 3 (every member always present):
//   schema, schema_version           "gradebox.grade-record", 3
//   record_id                        32 lowercase hex chars, random per record
//   course, assignment, student      strings (student is the nbgrader student id)
//   status                           "graded" | "error" (the submission could not be graded)
//   error                            "" or the reason when status is "error"
//   submission_sha256                hex SHA-256 over the submitted files (autograde defines it)
//   release_sha256, master_sha256    hex digests of the release and master copies graded against
//   cells[]                          per grade cell and task cell, in notebook order:
//     notebook, grade_id             the notebook file name and the nbgrader grade_id
//     points_milli, max_milli        integer milli-points (1.5 points = 1500)
//     verdict                        ok|error|timeout|cpu_limit|memory_limit|output_limit|
//                                    signaled|policy_violation|tampered|internal_error|not_run
//     cpu_ms, wall_ms, peak_memory_bytes   integers
//     manual                         the cell is manually graded (nbgrader "solution"+"grade",
//                                    or a task cell)
//     needs_manual_grade             awaiting a grader: a manual answer changed from the release,
//                                    or a task cell (never auto-scored: 0 until graded by hand)
//     not_run_cause                  null, or for a not_run cell whose session ended in an
//                                    earlier cell: {verdict, cell_index, grade_id} of that cell
//                                    (grade_id "" when it had none), e.g. a solution cell that hit
//                                    the memory limit                       (added in version 2)
//   totals                           {points_milli, max_milli, manual_pending}: sums over cells
//                                    (checked against the cells when the record is read)
//   tampering[]                      {notebook, grade_id, cell_index, kind, detail}: only what
//                                    could change a grade (a test or locked cell edited, flags,
//                                    points or cell type changed, a graded cell deleted or
//                                    invented, forged verdicts, native code, skipped files)
//   notes[]                          same shape: what is worth telling but is nobody's tampering
//                                    (a grade_id pasted twice, a test's value capped into range)
//                                                                           (added in version 3)
//   isolation                        {level: "cgroup2"|"cgroup1"|"rlimit"|..., limits: {name: int}}
//                                    e.g. limits.memory_bytes, pids, cell_timeout_ms
//   gradebox_version                 the grading gradebox's version
//   graded_at                        RFC 3339 UTC, whole seconds ("2026-11-21T10:00:00Z"); this is
//                                    the signing time the trust store's validity windows check
//   late                             {submitted_at: RFC 3339 UTC or "" when timestamp.txt was
//                                    absent, timestamp_txt: that file's stripped content,
//                                    penalty_method: the course's late policy when graded,
//                                    "none" | "zero" (nbgrader's LateSubmissionPlugin)
//                                                                 (penalty_method: version 3)}
// Writers write version 3. A reader accepts versions 1 (no not_run_cause), 2 (no notes, no
// penalty_method: read as none) and 3 and refuses any other; adding members means a new version.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gradebox::records {

inline constexpr std::string_view kGradeRecordPayloadType =
    "application/vnd.gradebox.grade-record+json;version=1";
inline constexpr const char* kGradeRecordSchema = "gradebox.grade-record";
inline constexpr int64_t kGradeRecordSchemaVersion = 3;

// The cell whose verdict ended the session, leaving later cells not_run.
struct NotRunCause {
  std::string verdict;     // memory_limit, signaled, timeout, ...
  int64_t cell_index = 0;  // 0-based, in the notebook graded
  std::string grade_id;    // "" when that cell had none
};

struct CellResult {
  std::string notebook;
  std::string grade_id;
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  std::string verdict = "ok";
  int64_t cpu_ms = 0;
  int64_t wall_ms = 0;
  int64_t peak_memory_bytes = 0;
  bool manual = false;
  bool needs_manual_grade = false;
  std::optional<NotRunCause> not_run_cause;
};

struct TamperingFinding {
  std::string notebook;
  std::string grade_id;
  int64_t cell_index = -1;
  std::string kind;    // e.g. "edited_test", "flipped_flags", "deleted_cell", "changed_points"
  std::string detail;  // human-readable
};

// What is worth telling about a submission's grading but is nobody's tampering: the same shape.
using GradingNote = TamperingFinding;

struct IsolationInfo {
  std::string level;
  std::map<std::string, int64_t> limits;
};

struct LateInfo {
  std::string submitted_at;             // RFC 3339 UTC, "" when unknown
  std::string timestamp_txt;            // raw first line of timestamp.txt, "" when absent
  std::string penalty_method = "none";  // the course's LateSubmissionPlugin.penalty_method
};

struct GradeTotals {
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  int64_t manual_pending = 0;
};

struct GradeRecord {
  std::string record_id;
  std::string course;
  std::string assignment;
  std::string student;
  std::string status = "graded";
  std::string error;
  std::string submission_sha256;
  std::string release_sha256;
  std::string master_sha256;
  std::vector<CellResult> cells;
  std::vector<TamperingFinding> tampering;
  std::vector<GradingNote> notes;
  IsolationInfo isolation;
  std::string gradebox_version;
  std::string graded_at;
  LateInfo late;

  GradeTotals totals() const;
};

// A fresh random record id (128 bits from OpenSSL's RAND_bytes, hex).
std::string new_record_id();

nlohmann::json to_json(const GradeRecord& record);
// Throws std::invalid_argument naming the offending member.
GradeRecord grade_record_from_json(const nlohmann::json& body);

}  // namespace gradebox::records
