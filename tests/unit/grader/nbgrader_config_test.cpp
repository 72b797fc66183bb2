// nbgrader_config.py: evaluated in the sandbox with a recording get_config(), hostile configs
// (endless loop, huge output, forged output), the trait mapping, warnings, and precedence
// (gradebox.toml > nbgrader_config.py > defaults).
#include <catch2/catch.hpp>

#include "grader/course_config.hpp"
#include "grader/nbgrader_config/recorder.hpp"
#include "grader/nbgrader_config/traits.hpp"
#include "test_support.hpp"

using namespace gradebox;
using namespace gradebox::nbgrader_config;
using gradebox::test::TempDir;
using gradebox::test::write_text;

namespace {

RecordedConfig recorded(const std::string& source, const RecorderLimits& limits = {}) {
  auto result = record_nbgrader_source(source, "nbgrader_config.py", limits);
  if (auto* failed = std::get_if<RecordError>(&result)) FAIL(failed->message);
  return std::get<RecordedConfig>(result);
}

std::string record_error(const std::string& source, const RecorderLimits& limits = {}) {
  auto result = record_nbgrader_source(source, "/course/nbgrader_config.py", limits);
  REQUIRE(std::holds_alternative<RecordError>(result));
  return std::get<RecordError>(result).message;
}

bool has_message(const notebook::Problems& problems, notebook::Severity severity,
                 const std::string& part) {
  for (const auto& p : problems)
    if (p.severity == severity && p.message.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the recorder captures attribute chains, items, dicts, lists and lazy edits",
          "[grader][nbgrader_config]") {
  const auto config = recorded(R"(
import os
c = get_config()
print("configuring")  # a config's own prints never reach the recorded output
c.CourseDirectory.root = os.path.join("/srv", "course")
c["ClearSolutions"]["code_stub"] = dict(python="pass")
c.CourseDirectory.ignore.append("solutions.py")
c.LockCells.lock_all_cells = True
c.Execute.timeout = 12
c.Odd.value = object()
load_subconfig("other_config.py")
)");
  CHECK(config.traits["CourseDirectory"]["root"] == "/srv/course");
  CHECK(config.traits["ClearSolutions"]["code_stub"] == nlohmann::json({{"python", "pass"}}));
  CHECK(config.traits["CourseDirectory"]["ignore"] ==
        nlohmann::json::parse(R"({"__lazy__": [["extend", ["solutions.py"]]]})"));
  CHECK(config.traits["LockCells"]["lock_all_cells"] == true);
  CHECK(config.traits["Execute"]["timeout"] == 12);
  CHECK(config.traits["Odd"]["value"] == nlohmann::json({{"__unsupported__", "object"}}));
  CHECK(config.subconfigs == std::vector<std::string>{"other_config.py"});
}

TEST_CASE("a hostile nbgrader_config.py is an error naming the file, never a hang or a crash",
          "[grader][nbgrader_config]") {
  TempDir course;
  write_text(course.path() / "nbgrader_config.py", "c = get_config()\nwhile True:\n    pass\n");
  RecorderLimits quick;
  quick.run.wall_time = quick.run.cpu_time = std::chrono::milliseconds(1500);
  CourseConfig config = default_course_config(course.path());
  notebook::Problems problems;
  apply_nbgrader_config(config, problems, quick);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].file == course.path() / "nbgrader_config.py");
  CHECK(problems[0].severity == notebook::Severity::error);
  CHECK(problems[0].message ==
        "nbgrader_config.py did not finish within 1500 ms (an endless loop?)");

  CHECK_THAT(record_error("print('x' * 5_000_000)\n"), Catch::Contains("printed more than"));
  CHECK_THAT(record_error("import os\nos.write(1, b'not json')\n"), Catch::Contains("not JSON"));
  CHECK_THAT(record_error("c = get_config()\nc.A.b = 1 / 0\n"),
             Catch::Contains("ZeroDivisionError"));
  CHECK_THAT(record_error("import os\nos._exit(0)\n"), Catch::Contains("not JSON"));
  CHECK_THAT(record_error("open('/etc/shadow').read()\n"), Catch::Contains("raised an error"));
}

TEST_CASE("recorded output is checked as untrusted data", "[grader][nbgrader_config]") {
  for (const char* forged : {"[]", "{}", R"({"traits": []})", R"({"traits": {"A": 1}})",
                             R"({"traits": {}, "subconfigs": [1]})", "{\"traits\": {"}) {
    auto result = parse_recorded(forged, "nbgrader_config.py");
    CHECK(std::holds_alternative<RecordError>(result));
  }
}

TEST_CASE("supported traits map onto the course config; others are warnings naming the trait",
          "[grader][nbgrader_config]") {
  TempDir course;
  CourseConfig config = default_course_config(course.path());
  notebook::Problems problems;
  RecordedConfig traits;
  traits.traits = nlohmann::json::parse(R"({
    "CourseDirectory": {"course_id": "cs101", "student_id_exclude": "bob,,carol",
                        "ignore": {"__lazy__": [["extend", ["grades.csv"]]]},
                        "include": ["*.csv", "*.txt"], "max_file_size": 5,
                        "groupshared": true, "source_directory": "src"},
    "ClearSolutions": {"begin_solution_delimeter": "BEGIN ANSWER", "text_stub": "Answer here",
                       "enforce_metadata": false},
    "ClearHiddenTests": {"begin_test_delimeter": "BEGIN SECRET", "end_test_delimeter": "END SECRET"},
    "IncludeHeaderFooter": {"header": "source/header.ipynb", "footer": ""},
    "LockCells": {"lock_all_cells": true, "lock_grade_cells": "yes"},
    "ExecutePreprocessor": {"timeout": 99},
    "Execute": {"timeout": 7},
    "LateSubmissionPlugin": {"penalty_method": "zero"},
    "AssignLatePenalties": {"plugin_class": "mycourse.Penalty"}
  })");
  apply_traits(traits, course.path() / "nbgrader_config.py", config, problems);
  CHECK(config.course_id == "cs101");
  CHECK(config.excluded_students == std::set<std::string>{"bob", "carol"});
  CHECK(config.copy.ignore.back() == "grades.csv");
  CHECK(config.copy.ignore.front() == ".ipynb_checkpoints");
  CHECK(config.copy.include == std::vector<std::string>{"*.csv", "*.txt"});
  CHECK(config.copy.max_file_bytes == 5000);
  CHECK(config.solution.begin == "BEGIN ANSWER");
  CHECK(config.solution.end == "END SOLUTION");
  CHECK_FALSE(config.solution.enforce_metadata);
  CHECK(config.text_stub == "Answer here");
  CHECK(config.hidden_tests.begin == "BEGIN SECRET");
  CHECK(config.header == course.path() / "source/header.ipynb");
  CHECK_FALSE(config.footer);
  CHECK(config.lock.all_cells);
  CHECK(config.lock.grade_cells);  // "yes" is not a bool: an error, the default kept
  CHECK(config.session_limits.wall_time == std::chrono::seconds(7));  // Execute wins
  CHECK(config.late_penalty_method == "zero");

  using notebook::Severity;
  CHECK(has_message(problems, Severity::warning, "CourseDirectory.groupshared: not supported"));
  CHECK(has_message(problems, Severity::warning, "CourseDirectory.source_directory: is \"src\""));
  CHECK(
      has_message(problems, Severity::warning, "AssignLatePenalties.plugin_class: custom plugins"));
  CHECK(has_message(problems, Severity::error, "LockCells.lock_grade_cells must be True or False"));
  for (const auto& p : problems) CHECK(p.file == course.path() / "nbgrader_config.py");
  CHECK(problems.size() == 4);
}

TEST_CASE("gradebox.toml wins over nbgrader_config.py, which wins over the defaults",
          "[grader][nbgrader_config]") {
  TempDir course;
  write_text(course.path() / "nbgrader_config.py", R"(c = get_config()
c.ClearSolutions.text_stub = "from nbgrader"
c.ClearSolutions.code_stub = {"python": "pass  # nbgrader", "R": "# nbgrader R"}
c.Execute.timeout = 5
c.FormgradeApp.authenticator_class = "nbgrader.auth.JupyterHubAuthPlugin"
)");
  write_text(course.path() / "gradebox.toml",
             "[stubs]\ntext = \"from gradebox.toml\"\n[stubs.code]\npython = \"pass  # toml\"\n");
  const auto loaded = load_course_config(course.path());
  CHECK(loaded.config.text_stub == "from gradebox.toml");
  CHECK(loaded.config.code_stubs.at("python") == "pass  # toml");
  CHECK(loaded.config.code_stubs.at("R") == "# nbgrader R");
  CHECK(loaded.config.session_limits.wall_time == std::chrono::seconds(5));
  CHECK(loaded.config.session_limits.memory_bytes == sandbox::Limits{}.memory_bytes);
  REQUIRE(loaded.problems.size() == 1);  // FormgradeApp.authenticator_class, once
  CHECK(loaded.problems[0].severity == notebook::Severity::warning);
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("FormgradeApp.authenticator_class"));

  write_text(course.path() / "gradebox.toml", "[autograde]\ncell_timeout_seconds = 9\n");
  CHECK(load_course_config(course.path()).config.session_limits.wall_time ==
        std::chrono::seconds(9));
}

TEST_CASE("a broken nbgrader_config.py is an error of the course config",
          "[grader][nbgrader_config]") {
  TempDir course;
  write_text(course.path() / "nbgrader_config.py", "c = get_config(\n");
  const auto loaded = load_course_config(course.path());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].severity == notebook::Severity::error);
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("nbgrader_config.py raised an error"));
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("SyntaxError"));
}
