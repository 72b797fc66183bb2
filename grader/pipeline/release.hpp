// `gradebox release`: nbgrader's generate_assignment. source/<a>/ becomes release/<a>/ (the
// student version) plus a master copy for grading, written atomically.
//
// Master copy location (outside release/, never shipped to students):
//   <course>/.gradebox/                       mode 0700
//   <course>/.gradebox/master/<a>/<nb>.ipynb  the notebook after checksums, before hidden tests
//                                             and mark schemes are cleared: full sources of
//                                             every cell, points, types, kernelspec; mode 0600
//   <course>/.gradebox/master/<a>/digest.json SHA-256 of every master notebook and released
//                                             file and one digest of the whole release
// A plain file tree (not SQLite) so an instructor can diff and back it up with ordinary tools.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/notebook/problem.hpp"
#include "grader/pipeline/instantiate_tests.hpp"
#include "grader/pipeline/step.hpp"

namespace gradebox::pipeline {

struct ReleaseOptions {
  bool force = false;                     // replace an existing release/<a>
  bool archive = false;                   // also write release/<a>.tar.gz
  AutotestKernelFactory autotest_kernel;  // runs AUTOTEST code (sandboxed); empty: refused
};

struct ReleasedNotebook {
  std::filesystem::path relative;  // inside the assignment folder
  std::size_t graded_cells = 0;    // grade cells and task cells, each with its points
  double points = 0;
};

struct ReleaseSummary {
  std::string assignment;
  std::vector<ReleasedNotebook> notebooks;
  std::size_t graded_cells = 0;
  double points = 0;
  std::size_t other_files = 0;
  std::filesystem::path release_dir;
  std::filesystem::path master_dir;
  std::optional<std::filesystem::path> archive;
};

struct ReleaseOutcome {
  notebook::Problems problems;            // nothing was written when this has an error
  std::optional<ReleaseSummary> summary;  // set when the release was written
};

// The release steps, in order (docs/reference/commands.md, `gradebox release`, and nbgrader's
// GenerateAssignment.preprocessors).
Pipeline release_pipeline(std::string& master, AutotestSetup autotests);

ReleaseOutcome release_assignment(const CourseConfig& config, const std::string& assignment,
                                  const ReleaseOptions& options);

// Folders under <course>/source/, sorted: what `release --all` releases.
std::vector<std::string> source_assignments(const std::filesystem::path& course_root);

// Names never copied into a release: .ipynb_checkpoints, __pycache__, *.pyc, .git, .DS_Store...
bool is_ignored_name(const std::string& name);

std::filesystem::path master_copy_dir(const std::filesystem::path& course_root,
                                      const std::string& assignment);

// "2 notebooks, 9 graded cells, 20 points"
std::string summary_line(std::size_t notebooks, std::size_t graded_cells, double points);

}  // namespace gradebox::pipeline
