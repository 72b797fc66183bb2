// Prometheus text format for one autograde run (see autograde_metrics.hpp for the series).
#include "grader/autograde/autograde_metrics.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "grader/records/file_io.hpp"

namespace gradebox::autograde {
namespace {

// Upper bounds in seconds; cells are usually milliseconds, a timeout is 30 s by default.
const std::vector<double> kCellBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                          1,     2.5,  5,     10,   30,  60};
const std::vector<double> kSubmissionBuckets = {0.1, 0.25, 0.5, 1,   2.5, 5,
                                                10,  30,   60,  120, 300, 600};

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

class Exposition {
 public:
  explicit Exposition(std::string base_labels) : base_(std::move(base_labels)) {}

  void header(const std::string& name, const std::string& type, const std::string& help) {
    out_ << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n";
  }
  void sample(const std::string& name, const std::string& labels, double value) {
    out_ << name << "{" << base_ << (labels.empty() ? "" : "," + labels) << "} " << number(value)
         << "\n";
  }
  void histogram(const std::string& name, const std::string& help,
                 const std::vector<double>& bounds, const std::vector<double>& values) {
    header(name, "histogram", help);
    double sum = 0;
    for (double v : values) sum += v;
    for (double bound : bounds) {
      std::size_t below = 0;
      for (double v : values) below += v <= bound;
      sample(name + "_bucket", "le=\"" + number(bound) + "\"", static_cast<double>(below));
    }
    sample(name + "_bucket", "le=\"+Inf\"", static_cast<double>(values.size()));
    sample(name + "_sum", "", sum);
    sample(name + "_count", "", static_cast<double>(values.size()));
  }
  std::string text() const { return out_.str(); }

 private:
  std::string base_;
  std::ostringstream out_;
};

}  // namespace

std::string prometheus_metrics(const AutogradeResult& result, const std::string& assignment,
                               const std::optional<Shard>& shard, double unix_time) {
  std::string labels = "assignment=\"" + escape_label(assignment) + "\"";
  if (shard)
    labels +=
        ",shard=\"" + std::to_string(shard->index) + "/" + std::to_string(shard->count) + "\"";
  Exposition out(labels);

  std::map<std::string, std::size_t> statuses = {{"graded", 0}, {"error", 0}, {"skipped", 0}};
  std::map<std::string, int> verdicts;
  std::vector<double> cell_seconds, submission_seconds;
  std::set<std::string> levels;
  for (const auto& s : result.submissions) {
    ++statuses[s.status];
    if (!s.isolation_level.empty()) levels.insert(s.isolation_level);
    if (s.status == "skipped") continue;
    submission_seconds.push_back(s.seconds);
    for (const auto& [verdict, n] : s.verdicts) verdicts[verdict] += n;
    for (auto ms : s.cell_wall_ms) cell_seconds.push_back(static_cast<double>(ms) / 1000.0);
  }

  out.header("gradebox_autograde_submissions", "gauge",
             "Submissions in the last autograde run, by status (skipped: record already current).");
  for (const auto& [status, n] : statuses)
    out.sample("gradebox_autograde_submissions", "status=\"" + escape_label(status) + "\"",
               static_cast<double>(n));
  out.header(
      "gradebox_autograde_grader_failures", "gauge",
      "The grader's own failures in the last run (a record it could not write); the run "
      "exits 1 when this is not 0. Students' errors count in _submissions{status=\"error\"}.");
  out.sample("gradebox_autograde_grader_failures", "", static_cast<double>(result.failures.size()));
  out.header(
      "gradebox_autograde_relisted_records", "gauge",
      "Current records of an interrupted run (no manifest) listed by the last run's manifest.");
  out.sample("gradebox_autograde_relisted_records", "", static_cast<double>(result.relisted));
  out.header("gradebox_autograde_cells", "gauge",
             "Auto-graded cells graded in the last run, by gradebox verdict.");
  for (const auto& [verdict, n] : verdicts)
    out.sample("gradebox_autograde_cells", "verdict=\"" + escape_label(verdict) + "\"", n);
  out.histogram("gradebox_autograde_cell_duration_seconds",
                "Wall time of each auto-graded cell graded in the last run.", kCellBuckets,
                cell_seconds);
  out.histogram("gradebox_autograde_submission_duration_seconds",
                "Wall time of each submission graded (or errored) in the last run.",
                kSubmissionBuckets, submission_seconds);
  out.header("gradebox_autograde_isolation_info", "gauge",
             "Isolation level the grading sessions ran at (value 1).");
  for (const auto& level : levels)
    out.sample("gradebox_autograde_isolation_info", "level=\"" + escape_label(level) + "\"", 1);
  out.header("gradebox_autograde_run_duration_seconds", "gauge", "Wall time of the last run.");
  out.sample("gradebox_autograde_run_duration_seconds", "", result.seconds);
  out.header("gradebox_autograde_last_run_timestamp_seconds", "gauge",
             "Unix time the last run finished.");
  out.sample("gradebox_autograde_last_run_timestamp_seconds", "", unix_time);
  return out.text();
}

void write_metrics_file(const std::filesystem::path& file, const std::string& text) {
  try {
    records::write_file_atomically(file, text, 0644);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("cannot write metrics file " + file.string() + ": " + e.what() +
                             " (is its directory writable?)");
  }
}

}  // namespace gradebox::autograde
