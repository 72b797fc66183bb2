// `gradebox list`: nbgrader's list for students (grader/exchange/list_assignments.hpp).
#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/exchange_options.hpp"
#include "grader/exchange/list_assignments.hpp"
#include "grader/exchange/student_identity.hpp"

namespace gradebox::cli {
namespace {

struct ListOptions {
  ExchangeOptions exchange;
};

int run_list(const ListOptions& options) {
  const auto resolved = resolve_exchange(options.exchange, "", false);
  if (!resolved) return 1;
  std::cout << exchange::list_assignments(resolved->config, resolved->course,
                                          options.exchange.assignment_dir,
                                          exchange::nbgrader_cache_dir())
                   .text();
  return 0;
}

}  // namespace

void add_list_command(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  auto* cmd = app.add_subcommand("list", "Student: list released assignments and your submissions");
  cmd->footer(
      "Lists the assignments released in the exchange (one course with --course-id, else every\n"
      "course) and your submissions with the state of their feedback, as nbgrader list.\n"
      "Exit status: 0 listed, 1 configuration problem, 2 usage error.");
  add_exchange_options(*cmd, options->exchange, ExchangeSide::student);
  on_run(*cmd, [options] { return run_list(*options); });
}

}  // namespace gradebox::cli
