// `gradebox feedback`: HTML feedback pages per student notebook and an instructor index.
#include <iostream>
#include <memory>

#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course_config.hpp"
#include "grader/feedback/feedback_run.hpp"
#include "grader/pipeline/regions.hpp"

namespace gradebox::cli {
namespace {

struct FeedbackCommandOptions {
  std::string assignment;
  std::string course = ".";
  std::vector<std::string> students;
  bool show_hidden = false;
  std::string due;
  std::string late_policy;  // "": each record's course policy
  std::string trust;
};

int run_feedback(const FeedbackCommandOptions& options) {
  const AssignmentRef ref = resolve_assignment(options.assignment, options.course);
  auto loaded = load_course_config(ref.course_root);  // its delimiters say what is hidden
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  feedback::FeedbackOptions run;
  run.regions = {pipeline::region_markers(loaded.config.hidden_tests, "hidden tests"),
                 pipeline::region_markers(loaded.config.mark_scheme, "mark scheme")};
  run.assignment = ref.name;
  run.students = options.students;
  run.show_hidden = options.show_hidden;
  if (!options.due.empty()) run.due = options.due;
  if (!options.trust.empty()) run.trust_store = options.trust;
  feedback::FeedbackOutcome outcome;
  try {
    if (!options.late_policy.empty())
      run.late_policy = exporting::LatePolicy::parse(options.late_policy);
    outcome = feedback::generate_feedback(ref.course_root, run);
  } catch (const std::exception& e) {
    std::cerr << "gradebox feedback: " << e.what() << "\n";
    return 1;
  }
  print_problems(std::cerr, outcome.problems);
  std::cout << ref.name << ": " << outcome.pages.size() << " feedback page(s) for "
            << outcome.students << " student(s)"
            << (options.show_hidden ? ", hidden tests shown" : "") << "\n";
  if (outcome.index) std::cout << "index " << outcome.index->string() << "\n";
  return notebook::has_errors(outcome.problems) ? 1 : 0;
}

}  // namespace

void add_feedback_command(CLI::App& app) {
  auto options = std::make_shared<FeedbackCommandOptions>();
  auto* cmd = app.add_subcommand(
      "feedback", "Write HTML feedback pages feedback/<student>/<assignment>/<nb>.html");
  cmd->footer(
      "Reads autograded/<student>/<assignment>/, the master copy (to know hidden tests) and the\n"
      "signed records in records/<assignment>/ (verified against the trust store first).\n"
      "Pages are self-contained and script-free; hidden tests and mark schemes are left out\n"
      "unless --show-hidden. Also writes feedback/index.<assignment>.html for the instructor.\n"
      "Exit status: 0 written, 1 a student or notebook could not be rendered, 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name or path to source/<a>")
      ->required();
  add_students_option(*cmd, options->students);
  cmd->add_flag("--show-hidden", options->show_hidden,
                "include hidden tests, their output and mark schemes (instructor copies)");
  add_course_option(*cmd, options->course);
  cmd->add_option("--due", options->due,
                  "due date for the late note, e.g. \"2026-11-20 23:59 UTC\"");
  cmd->add_option("--late-policy", options->late_policy,
                  "none | zero | per-day:N% (default: the course's "
                  "LateSubmissionPlugin.penalty_method the records were graded under)");
  cmd->add_option("--trust", options->trust,
                  "trust store for the records (default <course>/.gradebox/keys/trust.json)");
  on_run(*cmd, [options] { return run_feedback(*options); });
}

}  // namespace gradebox::cli
