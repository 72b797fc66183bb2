// `gradebox autograde --metrics FILE`: the run in Prometheus text exposition format (0.0.4), for
// node_exporter's textfile collector. Every series is a gauge or histogram of the last run and
// carries assignment="<name>" (and shard="I/N" when sharded):
//   gradebox_autograde_submissions{status="graded"|"error"|"skipped"}   submissions this run
//   gradebox_autograde_grader_failures                 the grader's own failures (exit status 1)
//   gradebox_autograde_relisted_records                an interrupted run's records listed now
//   gradebox_autograde_cells{verdict="ok"|"error"|...}                  auto-graded cells graded
//   now gradebox_autograde_cell_duration_seconds          histogram of those cells' wall time
//   gradebox_autograde_submission_duration_seconds    histogram of graded/errored submissions
//   gradebox_autograde_isolation_info{level="..."} 1  the level the sessions ran at
//   gradebox_autograde_run_duration_seconds, gradebox_autograde_last_run_timestamp_seconds
// Skipped submissions (record already current) count only in _submissions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "grader/autograde/autograde_run.hpp"

namespace gradebox::autograde {

std::string prometheus_metrics(const AutogradeResult& result, const std::string& assignment,
                               const std::optional<Shard>& shard, double unix_time);

// Writes FILE.tmp then renames it to FILE (the collector never sees half a file; it ignores
// names not ending in .prom). Throws std::runtime_error naming the path and errno text.
void write_metrics_file(const std::filesystem::path& file, const std::string& text);

}  // namespace gradebox::autograde
