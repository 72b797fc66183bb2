// `gradebox grade-manual`: a grader's score for one cell of one student's submission, written as
// a signed manual-grade record (plus its own run manifest) that export merges over the auto
// score, as nbgrader's manual grading does. The student's grade record must exist and verify.
#include <iostream>
#include <memory>

#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/export/milli_points.hpp"
#include "grader/records/manual_grade_writing.hpp"

namespace gradebox::cli {
namespace {

struct GradeManualOptions {
  std::string assignment;
  std::string student;
  std::string grade_id;
  std::string points;
  std::string notebook;  // needed only when the grade_id exists in several notebooks
  std::string comment;
  std::string course = ".";
  std::string keys;  // default <course>/.gradebox/keys
};

int run_grade_manual(const GradeManualOptions& options) {
  const std::filesystem::path course(options.course);
  const std::filesystem::path keys =
      options.keys.empty() ? course / ".gradebox" / "keys" : std::filesystem::path(options.keys);
  const auto points = exporting::parse_milli(options.points);
  if (!points || *points < 0) {
    std::cerr << "gradebox grade-manual: points \"" << options.points
              << "\" must be a number >= 0 with at most 3 decimals\n";
    return 2;
  }
  try {
    const records::ManualGradeRequest request{
        options.assignment, options.student,       options.grade_id, options.notebook, *points,
        options.comment,    records::login_name(), std::nullopt};
    const auto written = records::write_manual_grade(course, keys, request);
    std::cout << "manual grade " << exporting::format_milli(*points) << "/"
              << exporting::format_milli(written.max_milli) << " for " << written.grade.student
              << " " << written.grade.notebook << ":" << written.grade.grade_id << " written to "
              << written.path.string() << "\n";
    return 0;
  } catch (const records::PointsOutOfRange& e) {
    std::cerr << "gradebox grade-manual: " << options.points << " exceeds the "
              << exporting::format_milli(e.max_milli()) << " points of " << options.grade_id
              << "\n";
    return 1;
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
      "Needs the student's verified grade record and an active signing key.\n"
      "Exit status: 0 written, 1 refused or error, 2 usage error.");
  cmd->add_option("assignment", options->assignment, "assignment name")->required();
  cmd->add_option("student", options->student, "student id")->required();
  cmd->add_option("grade_id", options->grade_id, "the cell's nbgrader grade_id")->required();
  cmd->add_option("points", options->points, "points awarded, e.g. 2.5")->required();
  cmd->add_option("--notebook", options->notebook,
                  "notebook file name, when the grade_id is ambiguous");
  cmd->add_option("--comment", options->comment, "comment for the student");
  add_course_option(*cmd, options->course, "records/");
  cmd->add_option("--keys", options->keys, "key directory (default <course>/.gradebox/keys)");
  on_run(*cmd, [options] { return run_grade_manual(*options); });
}

}  // namespace gradebox::cli
