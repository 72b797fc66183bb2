// `gradebox status`: submitted, graded, errored and pending-manual counts of an assignment.
#include <algorithm>
#include <iomanip>
#include <iostream>

#include "grader/autograde/grading_status.hpp"
#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course/printable_text.hpp"
#include "grader/notebook/python_float.hpp"

namespace gradebox::cli {
namespace {

struct StatusCommandOptions {
  std::string assignment;
  std::string course = ".";
  bool json = false;
};

std::string points_text(const autograde::StudentStatus& s) {
  if (!s.max_milli) return "-";
  return notebook::python_float_repr(s.points_milli / 1000.0) + "/" +
         notebook::python_float_repr(s.max_milli / 1000.0);
}

// One line per student; ids and details escaped, the id column as wide as the longest id.
void print_status_table(std::ostream& out, const autograde::GradingStatus& status) {
  std::size_t width = 0;
  for (const auto& s : status.students)
    width = std::max(width, course::printable_text(s.student).size());
  for (const auto& s : status.students)
    out << std::left << std::setw(static_cast<int>(width + 2)) << course::printable_text(s.student)
        << std::setw(14) << s.state << points_text(s)
        << (s.manual_pending ? "  manual pending: " + std::to_string(s.manual_pending) : "")
        << (s.detail.empty() ? "" : "  (" + course::printable_text(s.detail) + ")") << "\n";
}

int run_status(const StatusCommandOptions& options) {
  const AssignmentRef ref = resolve_assignment(options.assignment, options.course);
  auto loaded = load_course_config(ref.course_root);
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  autograde::GradingStatus status;
  try {
    status = autograde::grading_status(loaded.config, ref.name);
  } catch (const std::exception& e) {
    std::cerr << "gradebox status " << ref.name << ": " << e.what() << "\n";
    return 1;
  }
  if (options.json) {
    notebook::Json students = notebook::Json::array();
    for (const auto& s : status.students)
      students.push_back({{"student", s.student},
                          {"state", s.state},
                          {"points_milli", s.points_milli},
                          {"max_milli", s.max_milli},
                          {"manual_pending", s.manual_pending},
                          {"detail", s.detail}});
    notebook::Json report = json_document("status", 1);
    report.update(notebook::Json{{"assignment", ref.name},
                                 {"submitted", status.submitted},
                                 {"graded", status.graded},
                                 {"errored", status.errored},
                                 {"pending_manual", status.pending_manual},
                                 {"not_graded", status.not_graded},
                                 {"stale", status.stale},
                                 {"invalid", status.invalid},
                                 {"students", students}});
    std::cout << report.dump(2) << "\n";
  } else {
    print_status_table(std::cout, status);
    std::cout << ref.name << ": " << status.submitted << " submitted, " << status.graded
              << " graded, " << status.errored << " errored, " << status.pending_manual
              << " pending manual grading, " << status.not_graded << " not graded, " << status.stale
              << " stale, " << status.invalid << " invalid records"
              << (status.invalid_ids ? ", " + std::to_string(status.invalid_ids) +
                                           " folders with an invalid student id"
                                     : std::string())
              << "\n";
  }
  return status.invalid || status.invalid_ids ? 1 : 0;
}

}  // namespace

void add_status_command(CLI::App& app) {
  auto options = std::make_shared<StatusCommandOptions>();
  auto* cmd = app.add_subcommand("status", "Show how far grading of an assignment has come");
  cmd->footer(
      "Exit status: 0, or 1 when a record does not verify, a submitted/ folder breaks the student\n"
      "id rule, or the course cannot be read.");
  cmd->add_option("assignment", options->assignment, "assignment name or path")->required();
  add_course_option(*cmd, options->course);
  add_json_flag(*cmd, options->json, "status", 1);
  on_run(*cmd, [options] { return run_status(*options); });
}

}  // namespace gradebox::cli
