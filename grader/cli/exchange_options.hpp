// The options every exchange command shares (--course, --exchange, --course-id) and what they
// resolve to: the course's configuration and the exchange course, or the problems printed.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_course.hpp"
#include "grader/exchange/exchange_report.hpp"

namespace gradebox::cli {

struct ExchangeOptions {
  std::string config_dir;  // --course: where gradebox.toml / nbgrader_config.py are
  exchange::ExchangeOverrides overrides;
  std::string assignment_dir = ".";  // --assignment-dir (student commands)
};

enum class ExchangeSide { instructor, student };

// Instructors: --course is the course root (default "."); students: a folder of settings (default
// the current directory) and --assignment-dir.
void add_exchange_options(CLI::App& cmd, ExchangeOptions& options, ExchangeSide side);

struct ResolvedExchange {
  CourseConfig config;
  exchange::ExchangeCourse course;
};

// nullopt after printing why (configuration errors, no course id, an assignment name that cannot
// be a folder of the exchange). `assignment` empty: no assignment to check. `require_course`:
// false lets an empty course id through (every course, for list).
std::optional<ResolvedExchange> resolve_exchange(const ExchangeOptions& options,
                                                 const std::string& assignment,
                                                 bool require_course = true);

// Prints the report (done lines to stdout, problems to stderr); returns its exit status (0, 1).
int print_report(const exchange::ExchangeReport& report);

}  // namespace gradebox::cli
