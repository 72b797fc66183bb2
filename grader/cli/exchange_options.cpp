// Shared options of the exchange commands (see exchange_options.hpp).
#include "grader/cli/exchange_options.hpp"

#include <iostream>

#include "grader/cli/command_options.hpp"
#include "grader/cli/problem_output.hpp"

namespace gradebox::cli {
namespace fs = std::filesystem;

void add_exchange_options(CLI::App& cmd, ExchangeOptions& options, ExchangeSide side) {
  if (side == ExchangeSide::instructor) {
    options.config_dir = ".";
    add_course_option(cmd, options.config_dir, "release/, submitted/, feedback/");
  } else {
    cmd.add_option("--course", options.config_dir,
                   "folder of gradebox.toml / nbgrader_config.py (default: the current directory)");
    cmd.add_option("--assignment-dir", options.assignment_dir, "where your assignments are kept")
        ->capture_default_str();
  }
  cmd.add_option("--exchange", options.overrides.root,
                 "the exchange root (default: Exchange.root / exchange.root, else "
                 "/usr/local/share/nbgrader/exchange)");
  cmd.add_option("--course-id", options.overrides.course_id,
                 "the course id (default: CourseDirectory.course_id in nbgrader_config.py)");
}

std::optional<ResolvedExchange> resolve_exchange(const ExchangeOptions& options,
                                                 const std::string& assignment,
                                                 bool require_course) {
  if (!assignment.empty())
    if (auto problem = exchange::exchange_name_problem("assignment", assignment)) {
      std::cerr << "gradebox: " << *problem << "\n";
      return std::nullopt;
    }
  auto loaded = load_course_config(options.config_dir.empty() ? fs::current_path()
                                                              : fs::path(options.config_dir));
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return std::nullopt;
  auto course = exchange::exchange_course(loaded.config, options.overrides);
  if (auto* problem = std::get_if<std::string>(&course)) {
    const bool no_course = loaded.config.course_id.empty() && options.overrides.course_id.empty();
    if (require_course || !no_course) {
      std::cerr << "gradebox: " << *problem << "\n";
      return std::nullopt;
    }
    exchange::ExchangeCourse every;
    every.root = options.overrides.root.empty() ? loaded.config.exchange.root
                                                : fs::path(options.overrides.root);
    return ResolvedExchange{std::move(loaded.config), every};
  }
  return ResolvedExchange{std::move(loaded.config), std::get<exchange::ExchangeCourse>(course)};
}

int print_report(const exchange::ExchangeReport& report) {
  print_problems(std::cerr, report.problems);
  for (const auto& line : report.done) std::cout << line << "\n";
  return report.ok() ? 0 : 1;
}

}  // namespace gradebox::cli
