// `gradebox collect`: nbgrader's collect (grader/exchange/collect_submissions.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/collect_submissions.hpp"

namespace gradebox::cli {
namespace {

struct CollectOptions {
  ExchangeOptions exchange;
  exchange::CollectRequest request;
};

int run_collect(const CollectOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, options.request.assignment);
  if (!resolved) return 1;
  return print_report(
      exchange::collect_submissions(resolved->config, resolved->course, options.request));
}

}  // namespace

void add_collect_command(CLI::App& app) {
  auto options = std::make_shared<CollectOptions>();
  auto* cmd = app.add_subcommand("collect",
                                 "Collect the latest submission of each student from the exchange");
  cmd->footer(
      "Takes each student's latest submission in <exchange>/<course_id>/inbound/ into\n"
      "submitted/<student>/<assignment>/ with its timestamp.txt, as nbgrader collect. A folder "
      "not\n"
      "owned by the student it names is not collected (exchange.check_owner). A collected\n"
      "submission is replaced only with --update, and then kept aside, never dropped. Each one is\n"
      "logged with its submission_sha256 in .gradebox/collect/<assignment>.log.\n"
      "Exit status: 0 done, 1 some submission refused, 2 usage error.");
  cmd->add_option("assignment", options->request.assignment, "assignment name")->required();
  add_exchange_options(*cmd, options->exchange, ExchangeSide::instructor);
  cmd->add_option("--student", options->request.student, "only this student");
  cmd->add_flag("--update", options->request.update,
                "replace collected submissions with newer ones");
  on_run(*cmd, [options] { return run_collect(*options); });
}

}  // namespace gradebox::cli
