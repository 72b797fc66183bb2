// `gradebox release`: nbgrader's generate_assignment, one assignment, several, or --all.
#include <iostream>

#include "grader/autograde/autotest_runtime_kernel.hpp"
#include "grader/autograde/grading_runtime.hpp"
#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course_config.hpp"
#include "grader/pipeline/release.hpp"

namespace gradebox::cli {
namespace {
namespace fs = std::filesystem;

struct ReleaseCommandOptions {
  std::vector<std::string> assignments;
  std::string course = ".";
  bool all = false;
  pipeline::ReleaseOptions release;
};

// Releases one assignment and reports it; returns false when it was refused.
bool release_one(const AssignmentRef& ref, const pipeline::ReleaseOptions& options,
                 std::size_t& notebooks, std::size_t& graded, double& points) {
  auto loaded = load_course_config(ref.course_root);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return false;
  pipeline::ReleaseOutcome outcome;
  try {
    pipeline::ReleaseOptions with_kernel = options;
    // AUTOTEST values come from the instructor's code, run in the sandbox with the course's limits.
    with_kernel.autotest_kernel = autograde::autotest_kernel_factory([&loaded] {
      return autograde::start_grading_runtime(autograde::grading_limits(loaded.config));
    });
    outcome = pipeline::release_assignment(loaded.config, ref.name, with_kernel);
  } catch (const std::exception& e) {
    std::cerr << ref.name << ": release failed, nothing written: " << e.what() << "\n";
    return false;
  }
  print_problems(std::cerr, outcome.problems);
  if (!outcome.summary) {
    std::cerr << ref.name << ": not released\n";
    return false;
  }
  const auto& s = *outcome.summary;
  std::cout << "released " << ref.name << " -> " << s.release_dir.string()
            << " (master copy: " << s.master_dir.string() << ")\n";
  if (s.archive) std::cout << "archive " << s.archive->string() << "\n";
  std::cout << ref.name << ": "
            << pipeline::summary_line(s.notebooks.size(), s.graded_cells, s.points) << "\n";
  notebooks += s.notebooks.size();
  graded += s.graded_cells;
  points += s.points;
  return true;
}

int run_release(const ReleaseCommandOptions& options) {
  std::vector<AssignmentRef> refs;
  if (options.all) {
    for (const auto& name : pipeline::source_assignments(options.course))
      refs.push_back({options.course, name});
    if (refs.empty()) {
      std::cerr << fs::path(options.course) / "source"
                << ": no assignments to release (see --course)\n";
      return 1;
    }
  }
  for (const auto& a : options.assignments) refs.push_back(resolve_assignment(a, options.course));

  std::size_t notebooks = 0, graded = 0, released = 0;
  double points = 0;
  for (const auto& ref : refs)
    if (release_one(ref, options.release, notebooks, graded, points)) ++released;
  if (refs.size() > 1)
    std::cout << "total: " << released << " of " << refs.size() << " assignments, "
              << pipeline::summary_line(notebooks, graded, points) << "\n";
  return released == refs.size() ? 0 : 1;
}

}  // namespace

void add_release_command(CLI::App& app) {
  auto options = std::make_shared<ReleaseCommandOptions>();
  auto* cmd = app.add_subcommand(
      "release", "Write the student version release/<assignment>/ and the master copy");
  cmd->footer(
      "Runs `check` first, then nbgrader's generate_assignment steps. The release is built\n"
      "aside and renamed into place; the master copy (hidden tests, mark schemes) goes to\n"
      "<course>/.gradebox/master/<assignment>/ (mode 0700), never under release/.\n"
      "Exit status: 0 released, 1 refused (problems listed, nothing written), 2 usage error.");
  auto* names = cmd->add_option("assignments", options->assignments,
                                "assignment names (folders in <course>/source/) or their paths");
  auto* all = cmd->add_flag("--all", options->all, "release every assignment in <course>/source/");
  names->excludes(all);
  add_course_option(*cmd, options->course, "source/");
  cmd->add_flag("--force", options->release.force, "replace an existing release");
  cmd->add_flag("--archive", options->release.archive, "also write release/<assignment>.tar.gz");
  on_run(*cmd, [options] {
    if (options->assignments.empty() && !options->all) throw CLI::CallForHelp();
    return run_release(*options);
  });
}

}  // namespace gradebox::cli
