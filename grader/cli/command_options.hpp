// The options several `gradebox` commands share, spelled once, and the glue from a command's
// result to gradebox's exit status (0 done, 1 problems found or refused, 2 usage error).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gradebox::cli {

// --course DIR (default "."); `holds` names what the command reads there, e.g. "source/".
CLI::Option* add_course_option(CLI::App& cmd, std::string& course, const std::string& holds = "");

// --json: print the command's JSON document (json_document) instead of the table.
CLI::Option* add_json_flag(CLI::App& cmd, bool& json, const std::string& command, int version);

// --jobs/-j N: sessions at once; 0 means one per core.
CLI::Option* add_jobs_option(CLI::App& cmd, unsigned& jobs);

// --student ID (repeatable, or comma-separated): only these students.
CLI::Option* add_students_option(CLI::App& cmd, std::vector<std::string>& students);

// --require-landlock (env GRADEBOX_REQUIRE_LANDLOCK=1) of the commands that run student code.
CLI::Option* add_require_landlock_flag(CLI::App& cmd, bool& require_landlock);

// Runs `run` when `cmd` is chosen; a non-zero result ends gradebox with that exit status.
void on_run(CLI::App& cmd, std::function<int()> run);

// The envelope of every --json output: {"schema": "gradebox.<command>", "schema_version": N}.
// Commands add their fields after these two; docs/reference/json-outputs.md lists them.
nlohmann::ordered_json json_document(const std::string& command, int version);

}  // namespace gradebox::cli
