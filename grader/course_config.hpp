// A course's configuration, read once into one typed structure: defaults, then the traits of
// `<course>/nbgrader_config.py` (nbgrader_config.hpp; evaluated in the sandbox), then
// `<course>/gradebox.toml` (toml++). gradebox.toml wins over nbgrader_config.py, which wins over
// the defaults.
//
// gradebox.toml keys (all optional; an unknown key is a warning naming it and its line, a wrong
// type an error):
//
//   key (type; default): used by
//   release.header (string; none (path from the course root)): release
//   release.footer (string; none (path from the course root)): release
//   stubs.text (string; "YOUR ANSWER HERE"): release
//   stubs.code.<language> (string; nbgrader's stubs (python, R, ...)): release
//   limits.max_notebook_bytes (integer; 33554432 (32 MiB)): all
//   limits.memory_mib (integer; 1024 (sandbox/limits.hpp)): autograde, validate, kernelspec
//   limits.cpu_seconds (integer; none): autograde, validate
//   limits.pids (integer; 256): autograde, validate, kernelspec
//   limits.output_lines (integer; 1000): autograde, validate
//   limits.traceback_lines (integer; 100): autograde, validate
//   autograde.cell_timeout_seconds (number; 30): autograde, validate
//   autograde.jobs (integer; the core count): autograde
//   autograde.notebook_timeout_seconds (number; 300 (wall time of one notebook)): autograde
//   autograde.submission_timeout_seconds (number; 900 (of all its notebooks)): autograde
//   autograde.notebook_output_mib (integer; 32 (output kept per notebook)): autograde
//   autograde.max_file_mib (integer; 64 (larger submitted files skipped)): autograde, status
//   autograde.max_submission_mib (integer; 256 (a submission's files in all)): autograde, status
//   isolation.level (string; the host's best): autograde
//   isolation.require_level (string; none): autograde
//   isolation.require (strings; none (e.g. ["landlock", "seccomp"])): autograde, validate
//   runtime.zygote_socket (string; none (path from the course root)): autograde, runtime-serve
//   runtime.preload (strings; numpy; pandas if source/ imports it): autograde, validate, doctor
//   exchange.root (string; /usr/local/share/nbgrader/exchange): the exchange commands
//   exchange.path_includes_course (boolean; false): fetch, submit, list, fetch-feedback
//   exchange.check_owner (boolean; true): collect
//   exchange.max_dir_kb (integer; 100000 (a submission in all)): submit
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"
#include "kernel/runtime/default_limits.hpp"
#include "sandbox/policy.hpp"

namespace gradebox {

// A BEGIN/END pair of region delimiters (nbgrader's *_delimeter traits) and whether a region
// outside the cells it belongs to is an error (nbgrader's enforce_metadata).
struct RegionDelimiters {
  std::string begin;
  std::string end;
  bool enforce_metadata = true;
};

// nbgrader's LockCells.
struct LockSettings {
  bool solution_cells = true;
  bool grade_cells = true;
  bool readonly_cells = true;
  bool all_cells = false;
};

// What release copies besides notebooks (nbgrader's CourseDirectory.ignore/include/max_file_size;
// globs match file names as Python's fnmatch does). gradebox's own ignored names
// (pipeline::is_ignored_name) are skipped as well.
struct CopyRules {
  std::vector<std::string> ignore = {".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"};
  std::vector<std::string> include = {"*"};
  std::uint64_t max_file_bytes = 100'000 * 1000;  // nbgrader: 100000 kilobytes
};

// What one submission may take when graded (autograde.*): wall time and kept output per notebook
// and submission, and the sizes of the files read before any of its code runs.
struct GradingBudgets {
  std::chrono::milliseconds notebook_timeout{300'000};
  std::chrono::milliseconds submission_timeout{900'000};
  std::uint64_t notebook_output_bytes = 32ull << 20;
  std::uint64_t max_file_bytes = 64ull << 20;
  std::uint64_t max_submission_bytes = 256ull << 20;
};

// The nbgrader filesystem exchange (Exchange.root, Exchange.path_includes_course,
// ExchangeCollect.check_owner, CourseDirectory.max_dir_size); see grader/exchange/.
struct ExchangeSettings {
  std::filesystem::path root = "/usr/local/share/nbgrader/exchange";
  bool path_includes_course = false;
  bool check_owner = true;  // collect refuses a submission not owned by the student it names
  std::uint64_t max_dir_bytes = 100'000 * 1000;  // nbgrader: 100000 kilobytes
};

struct CourseConfig {
  std::filesystem::path root;
  std::string course_id;  // nbgrader's CourseDirectory.course_id; empty: the root's name
  std::optional<std::filesystem::path> header;  // absolute (resolved against root)
  std::optional<std::filesystem::path> footer;
  std::map<std::string, std::string> code_stubs;  // kernelspec language -> stub
  std::string text_stub = "YOUR ANSWER HERE";
  RegionDelimiters solution{"BEGIN SOLUTION", "END SOLUTION"};
  RegionDelimiters hidden_tests{"BEGIN HIDDEN TESTS", "END HIDDEN TESTS"};
  RegionDelimiters mark_scheme{"BEGIN MARK SCHEME", "END MARK SCHEME"};
  LockSettings lock;
  CopyRules copy;
  std::set<std::string> excluded_students;   // CourseDirectory.student_id_exclude
  std::string late_penalty_method = "none";  // LateSubmissionPlugin.penalty_method: none | zero
  notebook::LoadLimits limits;
  // Each grading session's: [limits] and autograde.cell_timeout_seconds (as limits.wall_time),
  // handed as they are to the runtime (autograde::grading_policy) and from there to the sandbox.
  sandbox::Limits session_limits = runtime::grading_session_limits();
  GradingBudgets budgets;
  std::optional<unsigned> jobs;
  std::optional<sandbox::IsolationLevel> isolation_level;
  std::optional<sandbox::IsolationLevel> require_isolation_level;
  // isolation.require: layers without which nothing runs (sandbox/required_layers.hpp).
  std::vector<std::string> required_isolation_layers;
  std::optional<std::filesystem::path> zygote_socket;  // absolute (resolved against root)
  // runtime.preload: what the zygote imports once; none: the runtime's default list.
  std::optional<std::vector<std::string>> preload_modules;
  ExchangeSettings exchange;
};

struct LoadedCourseConfig {
  CourseConfig config;
  notebook::Problems problems;  // warnings (unknown keys/traits) and errors (bad types, bad TOML)
};

// Defaults, as when the course has neither gradebox.toml nor nbgrader_config.py.
CourseConfig default_course_config(const std::filesystem::path& root);
// Reads both files (either may be absent). An error leaves the defaults for what it concerns.
LoadedCourseConfig load_course_config(const std::filesystem::path& root);

}  // namespace gradebox
