// `gradebox doctor`: is this machine (and course) ready to grade? Runs the checks in grader/doctor/
// and prints a pass/warn/fail table with a fix for each problem, or --json.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>

#include "grader/autograde/grade_submission.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/doctor/course_checks.hpp"
#include "grader/doctor/isolation_check.hpp"
#include "grader/doctor/kernelspec_check.hpp"
#include "grader/doctor/runtime_checks.hpp"

namespace gradebox::cli {
namespace {
namespace fs = std::filesystem;
using doctor::CheckRows;
using doctor::CheckStatus;

struct DoctorOptions {
  std::string course;  // "" : "." when it looks like a course, else course checks are skipped
  bool json = false;
};

void append(CheckRows& rows, CheckRows more) {
  rows.insert(rows.end(), std::make_move_iterator(more.begin()),
              std::make_move_iterator(more.end()));
}

CheckRows run_checks(const DoctorOptions& options) {
  fs::path course = options.course;
  if (course.empty() && (fs::exists("gradebox.toml") || fs::is_directory("source"))) course = ".";
  std::optional<LoadedCourseConfig> loaded;
  if (!course.empty()) loaded = load_course_config(course);
  // The runtime starts with the course's limits when its gradebox.toml is usable.
  autograde::GradingLimits limits;
  if (loaded && !notebook::has_errors(loaded->problems))
    limits = autograde::grading_limits(loaded->config);

  CheckRows rows = doctor::check_python_runtime(limits);
  rows.push_back(doctor::check_kernelspec(doctor::this_gradebox_kernel()));
  append(rows, doctor::check_isolation());
  if (course.empty()) {
    rows.push_back({"course", CheckStatus::skip,
                    "no --course, and . has neither gradebox.toml nor source/", ""});
  } else if (!fs::is_directory(course)) {
    rows.push_back({"course", CheckStatus::fail, course.string() + " is not a directory",
                    "pass --course with the course root (the folder holding source/)"});
  } else {
    append(rows, doctor::check_course_layout(course, *loaded));
    append(rows, doctor::check_signing_keys(course / ".gradebox" / "keys"));
  }
  return rows;
}

void print_table(std::ostream& out, const CheckRows& rows) {
  std::size_t width = 5;
  for (const auto& row : rows) width = std::max(width, row.name.size());
  for (const auto& row : rows) {
    out << std::left << std::setw(static_cast<int>(width) + 2) << row.name << std::setw(6)
        << doctor::to_string(row.status) << row.detail << "\n";
    if (!row.fix.empty() && row.status != CheckStatus::pass)
      out << std::string(width + 8, ' ') << "fix: " << row.fix << "\n";
  }
}

int run_doctor(const DoctorOptions& options) {
  const CheckRows rows = run_checks(options);
  std::size_t failed = 0, warned = 0;
  for (const auto& row : rows) {
    failed += row.status == CheckStatus::fail;
    warned += row.status == CheckStatus::warn;
  }
  if (options.json) {
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& row : rows)
      checks.push_back({{"name", row.name},
                        {"status", doctor::to_string(row.status)},
                        {"detail", row.detail},
                        {"fix", row.fix}});
    auto report = json_document("doctor", 1);
    report.update({{"ok", failed == 0},
                   {"failed", failed},
                   {"warnings", warned},
                   {"checks", checks},
                   {"isolation", doctor::isolation_details()}});
    std::cout << report.dump(2) << "\n";
  } else {
    print_table(std::cout, rows);
    std::cout << (failed ? "not ready: " : "ready: ") << failed << " failed, " << warned
              << " warning(s)\n";
  }
  return failed ? 1 : 0;
}

}  // namespace

void add_doctor_command(CLI::App& app) {
  auto options = std::make_shared<DoctorOptions>();
  auto* cmd = app.add_subcommand("doctor", "Check that this machine (and course) can grade");
  cmd->footer(
      "Checks the embedded Python (worker, IPython, numpy, one sandboxed cell), the\n"
      "gradebox-python kernelspec, the isolation level (confirmed by a trial session) and\n"
      "each isolation layer (used or not, why, and the fix), and with a course its layout,\n"
      "gradebox.toml, signing key permissions and trust store.\n"
      "Exit status: 0 no check failed (warnings allowed), 1 a check failed, 2 usage error.");
  cmd->add_option("--course", options->course,
                  "course root (default: . when it holds gradebox.toml or source/)");
  add_json_flag(*cmd, options->json, "doctor", 1);
  on_run(*cmd, [options] { return run_doctor(*options); });
}

}  // namespace gradebox::cli
