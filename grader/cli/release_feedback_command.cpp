// `gradebox release-feedback`: nbgrader's release_feedback (grader/exchange/release_feedback.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/release_feedback.hpp"

namespace gradebox::cli {
namespace {

struct ReleaseFeedbackOptions {
  ExchangeOptions exchange;
  std::string assignment;
  std::string student;
};

int run_release_feedback(const ReleaseFeedbackOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.assignment);
  if (!resolved) return 1;
  return print_report(exchange::release_feedback(resolved->config, resolved->course,
                                                 options.assignment, options.student));
}

}  // namespace

void add_release_feedback_command(CLI::App& app) {
  auto options = std::make_shared<ReleaseFeedbackOptions>();
  auto* cmd = app.add_subcommand("release-feedback",
                                 "Publish feedback/<student>/<assignment>/*.html to the exchange");
  cmd->footer(
      "Publishes each student's feedback pages as <exchange>/<course_id>/feedback/<hash>.html, "
      "the\n"
      "hash from the collected submission's submission_secret.txt, as nbgrader release_feedback:\n"
      "only the student who submitted can compute the name (gradebox fetch-feedback).\n"
      "Exit status: 0 released, 1 refused or nothing to release, 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name")->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::instructor);
  cmd->add_option("--student", options->student, "only this student");
  on_run(*cmd, [options] { return run_release_feedback(*options); });
}

}  // namespace gradebox::cli
