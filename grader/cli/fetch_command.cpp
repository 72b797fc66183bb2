// `gradebox fetch`: nbgrader's fetch_assignment (grader/exchange/fetch_assignment.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/fetch_assignment.hpp"

namespace gradebox::cli {
namespace {

struct FetchOptions {
  ExchangeOptions exchange;
  std::string assignment;
  bool replace = false;
};

int run_fetch(const FetchOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.assignment);
  if (!resolved) return 1;
  return print_report(exchange::fetch_assignment(resolved->config, resolved->course,
                                                 options.assignment,
                                                 options.exchange.assignment_dir, options.replace));
}

}  // namespace

void add_fetch_command(CLI::App& app) {
  auto options = std::make_shared<FetchOptions>();
  auto* cmd = app.add_subcommand("fetch",
                                 "Student: fetch a released assignment from the nbgrader exchange");
  cmd->footer(
      "Copies <exchange>/<course_id>/outbound/<assignment>/ to ./<assignment>/ "
      "(./<course_id>/<assignment>/\n"
      "with Exchange.path_includes_course), as nbgrader fetch_assignment.\n"
      "Exit status: 0 fetched, 1 refused (not released, already fetched), 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name")->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::student);
  cmd->add_flag("--replace", options->replace, "restore missing files of a copy you already have");
  on_run(*cmd, [options] { return run_fetch(*options); });
}

}  // namespace gradebox::cli
