// `gradebox autograde <assignment>` as a library call: pick the students (all submitted, --student,
// --shard), skip those with a valid record for the same submission and master digest (unless
// force), grade the rest on `jobs` threads sharing one runtime, sign one record per submission into
// records/<assignment>/<student>.json and one run manifest listing every record written (and the
// current records an interrupted earlier run wrote without a manifest).
// Records and notebooks are written atomically (temp, fsync, rename).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/autograde/grade_submission.hpp"
#include "grader/autograde/shard.hpp"

namespace gradebox::autograde {

struct AutogradeOptions {
  std::vector<std::string> students;  // empty: every folder under submitted/ with this assignment
  unsigned jobs = 1;
  std::optional<Shard> shard;
  bool force = false;
  std::filesystem::path key_dir;   // trust store's directory; empty: <course>/.gradebox/keys
  std::filesystem::path key_file;  // the private key (--key); empty: the key_dir's active key
};

// One line of the final table (and of --json "submissions").
struct SubmissionSummary {
  std::string student;
  std::string status;  // "graded", "error" (record written with status error), "skipped"
  std::string error;
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  int64_t manual_pending = 0;
  std::map<std::string, int> verdicts;  // verdict -> number of grade cells
  std::size_t tampering = 0;
  double seconds = 0;
  std::string record_path;
  std::vector<int64_t> cell_wall_ms;  // auto-graded cells, for --metrics
  std::string isolation_level;        // the record's isolation.level
};

struct AutogradeResult {
  std::vector<SubmissionSummary> submissions;  // sorted by student
  std::string manifest_path;                   // "" when nothing was written
  double seconds = 0;
  // Current records of an interrupted run that no manifest listed, listed by this run's manifest.
  std::size_t relisted = 0;
  // The grader's own failures ("<student>: <why>"): a record it could not write, a grading step
  // that threw. A student's submission, however broken or hostile, is never one of these.
  std::vector<std::string> failures;
};

// Called after every submission (from the grading threads, serialised by the caller's lock).
using ProgressCallback =
    std::function<void(const SubmissionSummary&, std::size_t done, std::size_t total)>;

// Throws std::runtime_error (with a hint) when the run cannot start: no master copy, no signing
// key.
AutogradeResult autograde_assignment(const CourseConfig& config, const std::string& assignment,
                                     const AutogradeOptions& options,
                                     const SessionFactory& open_session,
                                     const ProgressCallback& progress,
                                     const SessionReserver& reserve_session = {});

}  // namespace gradebox::autograde
