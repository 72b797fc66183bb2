// `gradebox status`: submitted, graded, errored and pending-manual counts of an assignment.
#include <iomanip>
#include <iostream>

#include "grader/autograde/grading_status.hpp"
#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"

namespace gradebox::cli {
namespace {

struct StatusCommandOptions {
  std::string assignment;
  std::string course = ".";
  bool json = false;
};

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
      students.push_back({{"student", s.student}, {"state", s.state},
                          {"points_milli", s.points_milli}, {"max_milli", s.max_milli},
                          {"manual_pending", s.manual_pending}, {"detail", s.detail}});
    std::cout << notebook::Json{{"assignment", ref.name}, {"submitted", status.submitted},
                                {"graded", status.graded}, {"errored", status.errored},
                                {"pending_manual", status.pending_manual},
                                {"not_graded", status.not_graded}, {"stale", status.stale},
                                {"invalid", status.invalid}, {"students", students}}
                     .dump(2)
              << "\n";
  } else {
    for (const auto& s : status.students)
      std::cout << std::left << std::setw(16) << s.student << std::setw(14) << s.state
                << (s.max_milli ? std::to_string(s.points_milli / 1000.0).substr(0, 5) + "/" +
                                      std::to_string(s.max_milli / 1000.0).substr(0, 5)
                                : std::string("-"))
                << (s.manual_pending ? "  manual pending: " + std::to_string(s.manual_pending) : "")
                << (s.detail.empty() ? "" : "  (" + s.detail + ")") << "\n";
    std::cout << ref.name << ": " << status.submitted << " submitted, " << status.graded
              << " graded, " << status.errored << " errored, " << status.pending_manual
              << " pending manual grading, " << status.not_graded << " not graded, "
              << status.stale << " stale, " << status.invalid << " invalid records\n";
  }
  return status.invalid ? 1 : 0;
}

}  // namespace

void add_status_command(CLI::App& app) {
  auto options = std::make_shared<StatusCommandOptions>();
  auto* cmd = app.add_subcommand("status", "Show how far grading of an assignment has come");
  cmd->footer("Exit status: 0, or 1 when a record does not verify or the course cannot be read.");
  cmd->add_option("assignment", options->assignment, "assignment name or path")->required();
  cmd->add_option("--course", options->course, "course root")->capture_default_str();
  cmd->add_flag("--json", options->json, "print JSON");
  cmd->callback([options] {
    const int code = run_status(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace gradebox::cli
