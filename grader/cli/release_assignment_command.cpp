// `gradebox release-assignment`: nbgrader's release_assignment
// (grader/exchange/release_assignment.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/release_assignment.hpp"

namespace gradebox::cli {
namespace {

struct ReleaseAssignmentOptions {
  ExchangeOptions exchange;
  std::string assignment;
  bool force = false;
};

int run_release_assignment(const ReleaseAssignmentOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.assignment);
  if (!resolved) return 1;
  return print_report(exchange::release_assignment(resolved->config, resolved->course,
                                                   options.assignment, options.force));
}

}  // namespace

void add_release_assignment_command(CLI::App& app) {
  auto options = std::make_shared<ReleaseAssignmentOptions>();
  auto* cmd = app.add_subcommand(
      "release-assignment",
      "Hand release/<assignment>/ out to students through the nbgrader exchange");
  cmd->footer(
      "Copies <course>/release/<assignment>/ to <exchange>/<course_id>/outbound/<assignment>/ "
      "with\n"
      "nbgrader's layout and modes (see docs/reference/exchange.md). A release that differs from\n"
      "the one already out is refused without --force: students may have fetched it.\n"
      "Exit status: 0 released (or unchanged), 1 refused, 2 usage error.");
  cmd->add_option("assignment", options->assignment,
                  "assignment name (a folder in <course>/release/)")
      ->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::instructor);
  cmd->add_flag("--force", options->force, "replace a release that is already out");
  on_run(*cmd, [options] { return run_release_assignment(*options); });
}

}  // namespace gradebox::cli
