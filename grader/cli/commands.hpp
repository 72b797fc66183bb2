// The `gradebox` subcommands. Each lives in <name>_command.cpp and registers itself on the app
// with the shared option builders (command_options.hpp); add_all_commands registers every one.
// A subcommand ends with exit status 0 (done), 1 (problems found / refused) or 2 (usage error).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace gradebox::cli {

void add_check_command(CLI::App& app);
void add_release_command(CLI::App& app);
void add_autograde_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_status_command(CLI::App& app);
void add_feedback_command(CLI::App& app);
void add_grade_manual_command(CLI::App& app);
void add_import_nbgrader_command(CLI::App& app);
void add_keygen_command(CLI::App& app);
void add_kernelspec_command(CLI::App& app);
void add_verify_command(CLI::App& app);
void add_doctor_command(CLI::App& app);
void add_runtime_serve_command(CLI::App& app);
void add_zip_collect_command(CLI::App& app);
void add_formgrader_command(CLI::App& app);
// The nbgrader exchange (grader/exchange/): instructor, then student commands.
void add_release_assignment_command(CLI::App& app);
void add_collect_command(CLI::App& app);
void add_release_feedback_command(CLI::App& app);
void add_list_command(CLI::App& app);
void add_fetch_command(CLI::App& app);
void add_submit_command(CLI::App& app);
void add_fetch_feedback_command(CLI::App& app);

// Every subcommand above, in the order `gradebox --help` lists them.
void add_all_commands(CLI::App& app);

// Parses and runs one command line (args without the program name) on `app`; returns gradebox's
// exit status. Errors a command did not catch are reported on stderr as "gradebox: ..." with 1.
int run_gradebox(CLI::App& app, std::vector<std::string> args);

}  // namespace gradebox::cli
