// `gradebox`: the instructor CLI; every subcommand comes from the gradebox_cli library.
#include "gradebox/version.hpp"
#include "grader/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"gradebox: sandboxed, nbgrader-compatible grading of Jupyter notebooks", "gradebox"};
  app.set_version_flag("--version", gradebox::kVersion);
  app.require_subcommand(1);
  gradebox::cli::add_all_commands(app);
  return gradebox::cli::run_gradebox(app, {argv + 1, argv + argc});
}
