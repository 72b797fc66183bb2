// `gradebox import-nbgrader`: an nbgrader course's roster, manual grades and configuration into
// gradebox's files (see grader/nbgrader_import/import_nbgrader.hpp).
#include <unistd.h>

#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/nbgrader_import/import_nbgrader.hpp"

namespace gradebox::cli {
namespace {

struct ImportNbgraderOptions {
  std::string course = ".";
  std::string gradebook;
  std::string keys;
};

int run_import_nbgrader(const ImportNbgraderOptions& options) {
  auto loaded = load_course_config(options.course);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  nbgrader_import::ImportOptions import;
  import.gradebook = options.gradebook;
  import.keys = options.keys;
  const char* user = std::getenv("USER");
  import.grader = std::string("nbgrader import") + (user ? " by " + std::string(user) : "");
  try {
    const auto report = nbgrader_import::import_nbgrader(loaded.config, import);
    for (const auto& line : report.imported) std::cout << "imported: " << line << "\n";
    for (const auto& line : report.not_imported) std::cout << "not imported: " << line << "\n";
    std::cout << report.imported.size() << " imported, " << report.not_imported.size()
              << " not imported\n";
    return report.not_imported.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "gradebox import-nbgrader: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_import_nbgrader_command(CLI::App& app) {
  auto options = std::make_shared<ImportNbgraderOptions>();
  auto* cmd = app.add_subcommand(
      "import-nbgrader",
      "Import nbgrader's gradebook.db (roster, manual grades, comments) and nbgrader_config.py");
  cmd->footer(
      "Writes roster.csv, signed manual-grade records (the students' grade records from\n"
      "`gradebox autograde` must exist) and gradebox.toml when the course has none. Never\n"
      "modifies nbgrader's files; running it again changes nothing.\n"
      "Exit status: 0 everything imported, 1 something could not be imported (listed), 2 usage "
      "error.");
  add_course_option(*cmd, options->course, "gradebook.db");
  cmd->add_option("--gradebook", options->gradebook,
                  "nbgrader's database (default <course>/gradebook.db)");
  cmd->add_option("--keys", options->keys, "key directory (default <course>/.gradebox/keys)");
  on_run(*cmd, [options] { return run_import_nbgrader(*options); });
}

}  // namespace gradebox::cli
