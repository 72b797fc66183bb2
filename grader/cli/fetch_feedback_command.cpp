// `gradebox fetch-feedback`: nbgrader's fetch_feedback (grader/exchange/fetch_feedback.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/fetch_feedback.hpp"
#include "grader/exchange/student_identity.hpp"

namespace gradebox::cli {
namespace {

struct FetchFeedbackOptions {
  ExchangeOptions exchange;
  std::string assignment;
};

int run_fetch_feedback(const FetchFeedbackOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.assignment);
  if (!resolved) return 1;
  return print_report(exchange::fetch_feedback(resolved->config, resolved->course,
                                               options.assignment, options.exchange.assignment_dir,
                                               exchange::nbgrader_cache_dir()));
}

}  // namespace

void add_fetch_feedback_command(CLI::App& app) {
  auto options = std::make_shared<FetchFeedbackOptions>();
  auto* cmd = app.add_subcommand("fetch-feedback",
                                 "Student: fetch the feedback released for your submissions");
  cmd->footer(
      "For each of your submissions of the assignment (your nbgrader cache), copies its released\n"
      "feedback to ./<assignment>/feedback/<timestamp>/<notebook>.html, as nbgrader "
      "fetch_feedback.\n"
      "Exit status: 0 done, 1 refused, 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name")->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::student);
  on_run(*cmd, [options] { return run_fetch_feedback(*options); });
}

}  // namespace gradebox::cli
