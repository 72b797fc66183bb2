// `gradebox`: the instructor CLI. Builds the CLI11 app from the subcommands in commands.hpp.
#include <iostream>

#include "gradebox/version.hpp"
#include "grader/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"gradebox: sandboxed, nbgrader-compatible grading of Jupyter notebooks"};
  app.set_version_flag("--version", gradebox::kVersion);
  app.require_subcommand(1);
  gradebox::cli::add_check_command(app);
  gradebox::cli::add_release_command(app);
  gradebox::cli::add_autograde_command(app);
  gradebox::cli::add_validate_command(app);
  gradebox::cli::add_status_command(app);
  gradebox::cli::add_feedback_command(app);
  gradebox::cli::add_grade_manual_command(app);
  gradebox::cli::add_import_nbgrader_command(app);
  gradebox::cli::add_keygen_command(app);
  gradebox::cli::add_kernelspec_command(app);
  gradebox::cli::add_verify_command(app);
  gradebox::cli::add_doctor_command(app);
  gradebox::cli::add_runtime_serve_command(app);
  gradebox::cli::add_release_assignment_command(app);
  gradebox::cli::add_collect_command(app);
  gradebox::cli::add_release_feedback_command(app);
  gradebox::cli::add_list_command(app);
  gradebox::cli::add_fetch_command(app);
  gradebox::cli::add_submit_command(app);
  gradebox::cli::add_fetch_feedback_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a subcommand's own result, already reported
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "gradebox: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
