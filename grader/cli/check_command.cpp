// `gradebox check`: the pre-release checklist over assignments or single notebooks.
#include <algorithm>
#include <iostream>

#include "grader/cli/assignment_argument.hpp"
#include "grader/cli/command_options.hpp"
#include "grader/cli/commands.hpp"
#include "grader/cli/problem_output.hpp"
#include "grader/course_config.hpp"
#include "grader/pipeline/check.hpp"
#include "grader/pipeline/release.hpp"

namespace gradebox::cli {
namespace {
namespace fs = std::filesystem;

struct CheckOptions {
  std::vector<std::string> targets;
  std::string course = ".";
  bool json = false;
};

// The notebooks of an assignment folder, sorted, skipping checkpoints and the like.
std::vector<fs::path> assignment_notebooks(const fs::path& dir) {
  std::vector<fs::path> notebooks;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    if (pipeline::is_ignored_name(it->path().filename().string())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".ipynb")
      notebooks.push_back(it->path());
  }
  std::sort(notebooks.begin(), notebooks.end());
  return notebooks;
}

int run_check(const CheckOptions& options) {
  notebook::Problems problems;
  std::size_t checked = 0;
  // Loaded per course root, so `check a/source/x b/source/y` uses each course's gradebox.toml.
  for (const auto& target : options.targets) {
    fs::path course_root = options.course;
    std::vector<fs::path> files;
    if (fs::path(target).extension() == ".ipynb") {
      files.push_back(target);
    } else {
      const auto ref = resolve_assignment(target, options.course);
      course_root = ref.course_root;
      const fs::path dir = ref.course_root / "source" / ref.name;
      if (!fs::is_directory(dir)) {
        problems.push_back({notebook::Severity::error, dir, std::nullopt, "",
                            "assignment source folder does not exist",
                            "pass an assignment under <course>/source/ (see --course) or "
                            ".ipynb files"});
        continue;
      }
      files = assignment_notebooks(dir);
      if (files.empty())
        problems.push_back({notebook::Severity::error, dir, std::nullopt, "",
                            "no notebooks in the assignment", "add .ipynb files"});
    }
    auto loaded = load_course_config(course_root);
    for (auto& p : loaded.problems) problems.push_back(std::move(p));
    for (auto& p : pipeline::check_notebook_files(files, loaded.config))
      problems.push_back(std::move(p));
    checked += files.size();
  }

  const auto errors =
      static_cast<std::size_t>(std::count_if(problems.begin(), problems.end(), [](const auto& p) {
        return p.severity == notebook::Severity::error;
      }));
  const std::size_t warnings = problems.size() - errors;
  if (options.json) {
    notebook::Json report = json_document("check", 1);
    report["ok"] = errors == 0;
    report["notebooks"] = checked;
    report["errors"] = errors;
    report["warnings"] = warnings;
    report["problems"] = problems_to_json(problems);
    std::cout << notebook::to_jupyter_json(report, notebook::KeyOrder::preserved);
  } else {
    print_problems(std::cout, problems);
    std::cout << checked << (checked == 1 ? " notebook" : " notebooks") << " checked: ";
    if (problems.empty())
      std::cout << "no problems\n";
    else
      std::cout << errors << " error(s), " << warnings << " warning(s)\n";
  }
  return errors == 0 ? 0 : 1;
}

}  // namespace

void add_check_command(CLI::App& app) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand(
      "check", "Pre-release checklist of nbgrader metadata and regions (nothing executed)");
  cmd->footer(
      "Lists every problem (file, cell index, grade_id, message, fix); writes nothing.\n"
      "Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.");
  cmd->add_option("targets", options->targets,
                  "assignment names (folders in <course>/source/), assignment folder paths, or "
                  ".ipynb files")
      ->required();
  add_course_option(*cmd, options->course, "source/");
  add_json_flag(*cmd, options->json, "check", 1);
  on_run(*cmd, [options] { return run_check(*options); });
}

}  // namespace gradebox::cli
