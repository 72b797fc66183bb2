#include "grader/cli/commands.hpp"

#include <algorithm>
#include <iostream>

namespace gradebox::cli {

void add_all_commands(CLI::App& app) {
  add_check_command(app);
  add_release_command(app);
  add_autograde_command(app);
  add_validate_command(app);
  add_status_command(app);
  add_feedback_command(app);
  add_grade_manual_command(app);
  add_import_nbgrader_command(app);
  add_keygen_command(app);
  add_kernelspec_command(app);
  add_verify_command(app);
  add_doctor_command(app);
  add_runtime_serve_command(app);
  add_zip_collect_command(app);
  add_formgrader_command(app);
  add_release_assignment_command(app);
  add_collect_command(app);
  add_release_feedback_command(app);
  add_list_command(app);
  add_fetch_command(app);
  add_submit_command(app);
  add_fetch_feedback_command(app);
}

int run_gradebox(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  try {
    app.parse(args);
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

}  // namespace gradebox::cli
