// `gradebox submit`: nbgrader's submit (grader/exchange/submit_assignment.hpp), with `validate`
// run first whose result is printed but never blocks the submission, and a receipt.
#include <iostream>

#include "grader/autograde/grading_runtime.hpp"
#include "grader/autograde/validate_notebook.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/student_identity.hpp"
#include "grader/exchange/submit_assignment.hpp"

namespace gradebox::cli {
namespace {

struct SubmitOptions {
  ExchangeOptions exchange;
  std::string assignment;
  std::string student;
  bool no_validate = false;
};

// Validation for the student's information only: any failure (even to start) is printed and the
// submission goes ahead.
void print_validation(const exchange::PreparedSubmission& prepared, const CourseConfig& config) {
  std::shared_ptr<runtime::Runtime> runtime;
  try {
    runtime = autograde::start_grading_runtime(autograde::grading_limits(config));
  } catch (const std::exception& e) {
    std::cout << "validate: not run (" << e.what() << "); submitting anyway\n";
    return;
  }
  const auto open_session = autograde::session_factory(runtime);
  for (const auto& notebook : prepared.notebooks) {
    std::cout << "== validate " << notebook << "\n";
    try {
      std::cout << autograde::format_validation(
          autograde::validate_notebook(prepared.folder / notebook, config, open_session, {}));
    } catch (const std::exception& e) {
      std::cout << "validate: " << e.what() << "\n";
    }
  }
  std::cout << "(validation is for your information; the submission goes ahead either way)\n";
}

int run_submit(const SubmitOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.assignment);
  if (!resolved) return 1;
  const std::string student = exchange::student_id(options.student);
  auto prepared = exchange::prepare_submission(resolved->config, resolved->course,
                                               options.assignment, options.exchange.assignment_dir);
  if (!prepared.report.ok()) return print_report(prepared.report);
  if (!options.no_validate) print_validation(prepared, resolved->config);
  const auto outcome =
      exchange::submit_prepared(resolved->course, student, options.assignment, std::move(prepared),
                                exchange::nbgrader_cache_dir());
  const int code = print_report(outcome.report);
  if (outcome.receipt) std::cout << outcome.receipt->text();
  return code;
}

}  // namespace

void add_submit_command(CLI::App& app) {
  auto options = std::make_shared<SubmitOptions>();
  auto* cmd =
      app.add_subcommand("submit", "Student: submit an assignment through the nbgrader exchange");
  cmd->footer(
      "Submits ./<assignment>/ to <exchange>/<course_id>/inbound/ as nbgrader submit "
      "(timestamp.txt,\n"
      "submission_secret.txt, a copy in your nbgrader cache). Refuses a folder over the course's\n"
      "size limits and .ipynb files that are not notebooks. Runs `validate` first and prints its\n"
      "result without blocking. Prints a receipt: the timestamp and the SHA-256 of what was\n"
      "submitted, which is the submission_sha256 of the grade record of this submission.\n"
      "Exit status: 0 submitted, 1 refused, 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name")->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::student);
  cmd->add_option(
      "--student", options->student,
      "submit as this student id (default: your login name; $JUPYTERHUB_USER for jovyan)");
  cmd->add_flag("--no-validate", options->no_validate, "do not run validate first");
  on_run(*cmd, [options] { return run_submit(*options); });
}

}  // namespace gradebox::cli
