// `gradebox grade-manual`: a signed manual grade for one cell of one student's submission.
#include <iostream>
#include <memory>

#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/commands.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/feedback/manual_grading.hpp"

namespace gradebox::cli {
namespace {

struct GradeManualOptions {
  std::string assignment;
  std::string course = ".";
  feedback::ManualGradeRequest request;
  std::string notebook;
  std::string keys;
};

int run_grade_manual(GradeManualOptions options) {
  const AssignmentRef ref = resolve_assignment(options.assignment, options.course);
  auto& request = options.request;
  request.course_root = ref.course_root;
  request.assignment = ref.name;
  if (!options.notebook.empty()) request.notebook = options.notebook;
  if (!options.keys.empty()) request.key_dir = options.keys;
  try {
    const auto written = feedback::write_manual_grade(request);
    const auto& g = written.grade;
    std::cout << g.assignment << " " << g.student << " " << g.notebook << " '" << g.grade_id
              << "': " << exporting::format_milli(g.points_milli) << " / "
              << exporting::format_milli(written.max_milli) << " (manual grade " << g.record_id
              << ")\n"
              << "wrote " << written.record_file.string() << "\n"
              << "wrote " << written.manifest_file.string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gradebox grade-manual: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void add_grade_manual_command(CLI::App& app) {
  auto options = std::make_shared<GradeManualOptions>();
  auto* cmd = app.add_subcommand(
      "grade-manual", "Record a signed manual grade for one cell (overrides the auto score)");
  cmd->footer(
      "Writes records/<a>/manual/<student>/<grade_id>.<id>.json and a run manifest listing it,\n"
      "signed with the course's active key. The newest manual grade for a cell wins in export\n"
      "and in feedback pages, where the comment is shown to the student.\n"
      "Exit status: 0 written, 1 refused (unknown student or grade_id, points out of range,\n"
      "no signing key), 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name or path to source/<a>")
      ->required();
  cmd->add_option("student", options->request.student, "student id")->required();
  cmd->add_option("grade_id", options->request.grade_id, "the cell's nbgrader grade_id")->required();
  cmd->add_option("points", options->request.points, "points awarded (0 .. the cell's points)")
      ->required();
  cmd->add_option("--comment", options->request.comment, "comment shown to the student");
  cmd->add_option("--notebook", options->notebook,
                  "notebook holding the cell, when the grade_id is in several");
  cmd->add_option("--grader", options->request.grader, "who graded (default $USER)");
  cmd->add_option("--course", options->course, "course root")->capture_default_str();
  cmd->add_option("--keys", options->keys, "key directory (default <course>/.gradebox/keys)");
  cmd->callback([options] {
    const int code = run_grade_manual(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace gradebox::cli
