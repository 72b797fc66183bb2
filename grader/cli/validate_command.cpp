// `gradebox validate`: student-side validation with nbgrader's messages (validate_notebook.hpp).
#include <iostream>

#include "grader/autograde/grading_runtime.hpp"
#include "grader/autograde/validate_notebook.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"

namespace gradebox::cli {
namespace {
namespace fs = std::filesystem;

struct ValidateCommandOptions {
  std::vector<std::string> notebooks;
  std::string course;
  bool json = false;
  bool invert = false;
  bool require_landlock = false;
};

int run_validate(const ValidateCommandOptions& options) {
  // The course's limits (gradebox.toml, nbgrader_config.py) as autograde applies them; as nbgrader
  // validate, the current directory's config when no --course is given (defaults without one).
  auto loaded =
      load_course_config(options.course.empty() ? fs::current_path() : fs::path(options.course));
  print_problems(std::cerr, loaded.problems);
  if (notebook::has_errors(loaded.problems)) return 1;
  const CourseConfig& config = loaded.config;
  std::shared_ptr<runtime::Runtime> runtime;
  try {
    runtime = autograde::start_grading_runtime(
        autograde::grading_limits(config), {},
        autograde::isolation_settings(config, "", "", options.require_landlock));
  } catch (const std::exception& e) {
    std::cerr << "gradebox validate: cannot start the sandboxed runtime: " << e.what() << "\n";
    return 1;
  }
  const auto open_session = autograde::session_factory(runtime);
  notebook::Json results = notebook::Json::array();
  bool all_passed = true;
  for (const auto& path : options.notebooks) {
    autograde::ValidationResult result;
    try {
      result = autograde::validate_notebook(path, config, open_session, {options.invert});
    } catch (const std::exception& e) {
      result.notebook = path;
      result.status = "error";
      result.error = e.what();
    }
    all_passed = all_passed && result.passed();
    if (options.json) {
      results.push_back(autograde::validation_to_json(result));
    } else {
      if (options.notebooks.size() > 1) std::cout << "== " << path << "\n";
      std::cout << autograde::format_validation(result);
    }
  }
  if (options.json) {
    auto report = json_document("validate", 1);
    report["ok"] = all_passed;
    report["notebooks"] = std::move(results);
    std::cout << report.dump(2) << "\n";
  }
  return all_passed ? 0 : 1;
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto options = std::make_shared<ValidateCommandOptions>();
  auto* cmd = app.add_subcommand(
      "validate", "Run notebooks in the sandbox and check them as nbgrader validate does");
  cmd->footer(
      "Runs each notebook with NBGRADER_EXECUTION=validate and NBGRADER_VALIDATING=1 in a private\n"
      "copy of its folder (the notebook and its sibling regular files; links, dot-files and\n"
      "sub-folders are not copied) and prints nbgrader's messages. The notebook's folder is only\n"
      "read, never written.\n"
      "Exit status: 0 every notebook passes (with --invert: no test passes), 1 otherwise or when "
      "a\n"
      "notebook could not be run, 2 usage error.");
  cmd->add_option("notebooks", options->notebooks, "notebooks (.ipynb)")->required();
  cmd->add_option("--course", options->course,
                  "course root whose limits apply (default: the current directory's gradebox.toml "
                  "and nbgrader_config.py, when present)");
  add_json_flag(*cmd, options->json, "validate", 1);
  cmd->add_flag("--invert", options->invert,
                "complain when tests pass rather than fail (as nbgrader validate --invert)");
  add_require_landlock_flag(*cmd, options->require_landlock);
  on_run(*cmd, [options] { return run_validate(*options); });
}

}  // namespace gradebox::cli
