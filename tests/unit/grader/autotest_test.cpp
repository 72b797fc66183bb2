// AUTOTEST expansion (nbgrader's InstantiateTests): template rendering, autotests.yml, salts, and
// the step with a scripted kernel. Byte-identity with real nbgrader over the sandboxed runtime is
// the integration test's (tests/integration/autograde/test_nbgrader_fidelity.py).
#include <catch2/catch.hpp>

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/pipeline/autotest_templates.hpp"
#include "grader/pipeline/check.hpp"
#include "grader/pipeline/instantiate_tests.hpp"
#include "grader/pipeline/template_render.hpp"
#include "test_support.hpp"

using namespace gradebox;
using namespace gradebox::notebook;
using namespace gradebox::pipeline;
using gradebox::test::TempDir;
using gradebox::test::write_text;
namespace fs = std::filesystem;

namespace {

const char* const kTemplates = R"yml(python3:
    setup: "from hashlib import sha1"
    hash: 'sha1({{snippet}}.encode("utf-8")+b"{{salt}}").hexdigest()'
    dispatch: "type({{snippet}})"
    normalize: "str({{snippet}})"
    check: 'assert {{snippet}} == """{{value}}""", """{{message}}"""'
    success: "print('Success!')"
    templates:
        default:
            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not \"right\""
        int:
            - test: "type({{snippet}})"
              fail: "type of {{snippet}}"
            - test: "{{snippet}}"
              fail: "value of {{snippet}}"
)yml";

// Answers as IPython would print them, and remembers every piece of code it was given.
struct ScriptedKernel : AutotestKernel {
  std::map<std::string, KernelRun> answers;
  std::vector<std::string> ran;
  KernelRun run(const std::string& code) override {
    ran.push_back(code);
    const auto it = answers.find(code);
    return it == answers.end() ? KernelRun{} : it->second;
  }
};

Notebook notebook_with(const std::string& source, bool grade,
                       const std::string& kernel = "python3") {
  Json doc = Json::parse(R"({"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {}})");
  doc["metadata"]["kernelspec"] = {{"name", kernel}, {"language", "python"}, {"display_name", "P"}};
  doc["cells"].push_back(
      {{"cell_type", "markdown"}, {"id", "m"}, {"metadata", Json::object()}, {"source", "# Q"}});
  Json cell = {{"cell_type", "code"},      {"id", "t"},        {"execution_count", nullptr},
               {"outputs", Json::array()}, {"source", source}, {"metadata", Json::object()}};
  if (grade)
    cell["metadata"]["nbgrader"] = {{"grade", true},   {"solution", false},
                                    {"locked", false}, {"grade_id", "tests"},
                                    {"points", 1},     {"schema_version", 3}};
  doc["cells"].push_back(cell);
  return Notebook::from_text(doc.dump(), "q.ipynb");
}

struct StepRun {
  TempDir course;
  CourseConfig config = default_course_config(".");
  Problems problems;
  std::shared_ptr<ScriptedKernel> kernel = std::make_shared<ScriptedKernel>();
  explicit StepRun(const std::string& yaml = kTemplates) {
    if (!yaml.empty()) write_text(course.path() / "autotests.yml", yaml);
  }
  void apply(Notebook& nb) {
    StepContext context{config, problems};
    auto shared = kernel;
    AutotestKernelFactory factory = [shared](const fs::path&) {
      struct Borrowed : AutotestKernel {
        std::shared_ptr<ScriptedKernel> k;
        KernelRun run(const std::string& code) override { return k->run(code); }
      };
      auto b = std::make_unique<Borrowed>();
      b->k = shared;
      return b;
    };
    instantiate_tests({course.path() / "source/a", course.path(), factory}).apply(nb, context);
  }
};

KernelRun shows(std::string text) {
  return {true, std::move(text), ""};
}

}  // namespace

TEST_CASE("templates render {{ name }} as Jinja does and refuse the rest", "[grader][autotest]") {
  CHECK(render_template("assert {{snippet}} == {{ value }}", {{"snippet", "x"}, {"value", "1"}})
            .text == "assert x == 1");
  CHECK(render_template("a {{missing}} b\n", {}).text == "a  b");  // unknown: empty; one \n dropped
  CHECK(render_template("a\r\nb\n\n", {}).text == "a\nb\n");       // newlines normalised
  CHECK(render_template("{{s}}", {{"s", "{{s}}"}}).text == "{{s}}");  // values are not re-read
  CHECK(render_template("f({x})", {}).text == "f({x})");
  CHECK_FALSE(render_template("{% if x %}y{% endif %}", {}).error.empty());
  CHECK_FALSE(render_template("{{ s | upper }}", {{"s", "x"}}).error.empty());
}

TEST_CASE("autotests.yml of nbgrader's docs course loads; broken ones are problems naming the file",
          "[grader][autotest]") {
  const fs::path docs = fs::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader-docs-course";
  const auto loaded = load_autotests(docs / "source/ps1_autotest", docs, "python3");
  REQUIRE(loaded.templates);
  CHECK(loaded.templates->file == docs / "autotests.yml");
  CHECK(loaded.templates->by_type.at("list").size() == 4);
  CHECK(loaded.templates->by_type.count("pandas.core.frame.DataFrame") == 1);
  CHECK(*loaded.templates->setup == "from hashlib import sha1");

  const auto bad =
      parse_autotests("python3:\n  dispatch: [unclosed\n", "c/autotests.yml", "python3");
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].file == "c/autotests.yml");
  CHECK_THAT(bad.problems[0].message, Catch::Contains("invalid YAML") && Catch::Contains("line"));
  CHECK_THAT(parse_autotests("ir:\n  dispatch: x\n", "f", "python3").problems.at(0).message,
             Catch::Contains("no section for kernel \"python3\""));
  CHECK_THAT(
      parse_autotests("python3:\n  normalize: x\n  check: y\n  templates: {}\n", "f", "python3")
          .problems.at(0)
          .message,
      Catch::Contains("dispatch"));
  CHECK_THAT(parse_autotests(
                 "python3: {dispatch: a, normalize: b, check: c, templates: {int: [{test: x}]}}",
                 "f", "python3")
                 .problems.at(0)
                 .message,
             Catch::Contains("templates.int"));
  TempDir empty;
  const auto missing = load_autotests(empty.path() / "source/a", empty.path(), "python3");
  CHECK_FALSE(missing.templates);
  CHECK_THAT(missing.problems.at(0).message, Catch::Contains("no autotests.yml"));
}

TEST_CASE("the salt seed is nbgrader's: sha256(source + index) mod 10^6", "[grader][autotest]") {
  CHECK(autotest_salt_seed("print(1)", 7) == 991585);
  // The docs course's first hashed test (problem1, cell 5) has salt 96a17 = seed + 1.
  const fs::path docs = fs::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader-docs-course";
  const auto nb = Notebook::load(docs / "source/ps1_autotest/problem1.ipynb");
  CHECK(autotest_salt_seed(cell_source(nb.cell(5)), 5) + 1 == 0x96a17);
}

TEST_CASE("directives expand into setup, checks with the kernel's values, and success",
          "[grader][autotest]") {
  StepRun run;
  auto nb = notebook_with("x = 1\n### AUTOTEST x; y\n# HASHED AUTOTEST x\nprint('done')", true);
  run.kernel->answers["type(x)"] = shows("int");
  run.kernel->answers["str(type(x))"] = shows("\"<class 'int'>\"");
  run.kernel->answers["str(x)"] = shows("'1'");
  run.kernel->answers["type(y)"] = shows("NoneType");
  run.kernel->answers["str(y)"] = shows("'None'");
  const long salt = autotest_salt_seed(cell_source(nb.cell(1)), 1);
  char hex1[16];  // one salt per expression, shared by its tests
  std::snprintf(hex1, sizeof hex1, "%lx", salt + 1);
  const std::string hashed_type =
      std::string("sha1(str(type(x)).encode(\"utf-8\")+b\"") + hex1 + "\").hexdigest()";
  run.kernel->answers[hashed_type] = shows("'abc'");
  run.apply(nb);
  INFO((run.problems.empty() ? "" : run.problems[0].message));
  REQUIRE(run.problems.empty());
  CHECK(cell_source(nb.cell(1)) ==
        "x = 1\n"
        "from hashlib import sha1\n"
        "assert str(type(x)) == \"\"\"<class 'int'>\"\"\", \"\"\"type of x\"\"\"\n"
        "assert str(x) == \"\"\"1\"\"\", \"\"\"value of x\"\"\"\n"
        "\n"
        "assert str(y) == \"\"\"None\"\"\", \"\"\"value of y is not \\\"right\\\"\"\"\"\n"
        "\n"
        "assert " +
            hashed_type +
            " == \"\"\"abc\"\"\", \"\"\"type of x\"\"\"\n"
            "assert sha1(str(x).encode(\"utf-8\")+b\"" +
            hex1 +
            "\").hexdigest() == \"\"\"None\"\"\", \"\"\"value of x\"\"\"\n"
            "\n"
            "print('done')\n"
            "print('Success!')");
  // The cell's own code ran first, then setup, dispatch and tests, and the rest with success last.
  REQUIRE(run.kernel->ran.size() >= 4);
  CHECK(run.kernel->ran[0] == "x = 1");
  CHECK(run.kernel->ran[1] == "from hashlib import sha1");
  CHECK(run.kernel->ran[2] == "type(x)");
  CHECK(run.kernel->ran.back() == "print('done')\nprint('Success!')");
  CHECK(cell_source(nb.cell(0)) == "# Q");
}

TEST_CASE("AUTOTEST problems are reported with the file and cell", "[grader][autotest]") {
  SECTION("a directive outside a grade cell") {
    StepRun run;
    auto nb = notebook_with("### AUTOTEST x", false);
    run.apply(nb);
    REQUIRE(run.problems.size() == 1);
    CHECK(run.problems[0].cell_index == 1u);
    CHECK_THAT(run.problems[0].message, Catch::Contains("not a grade cell"));
  }
  SECTION("code that raises at release") {
    StepRun run;
    run.kernel->answers["type(x)"] = {false, std::nullopt, "NameError: name 'x' is not defined"};
    auto nb = notebook_with("### AUTOTEST x", true);
    run.apply(nb);
    REQUIRE(run.problems.size() == 1);
    CHECK(run.problems[0].cell_index == 1u);
    CHECK(run.problems[0].grade_id == "tests");
    CHECK_THAT(run.problems[0].message, Catch::Contains("NameError"));
  }
  SECTION("HASHED without a hash template, and no default template") {
    StepRun run(
        R"yml(python3: {dispatch: "type({{snippet}})", normalize: "str({{snippet}})", check: c,
                  templates: {int: [{test: t, fail: f}]}})yml");
    auto hashed = notebook_with("### HASHED AUTOTEST x", true);
    run.apply(hashed);
    CHECK_THAT(run.problems.at(0).message, Catch::Contains("no hash template"));
    run.problems.clear();
    auto plain = notebook_with("### AUTOTEST x", true);
    run.apply(plain);
    CHECK_THAT(run.problems.at(0).message, Catch::Contains("no templates.default"));
  }
  SECTION("a kernel other than Python") {
    StepRun run;
    auto nb = notebook_with("### AUTOTEST x", true, "ir");
    run.apply(nb);
    CHECK_THAT(run.problems.at(0).message, Catch::Contains("Python kernel"));
  }
  SECTION("no directive: nothing runs") {
    StepRun run("");
    auto nb = notebook_with("x = 1", true);
    run.apply(nb);
    CHECK(run.problems.empty());
    CHECK(run.kernel->ran.empty());
  }
}

TEST_CASE("check reports AUTOTEST problems without running anything", "[grader][autotest]") {
  TempDir course;
  write_text(course.path() / "autotests.yml", "python3: [not, a, mapping]\n");
  auto config = default_course_config(course.path());
  const auto nb = notebook_with("### AUTOTEST x", true);
  const auto problems = check_notebook(nb, config);
  REQUIRE_FALSE(problems.empty());
  CHECK(problems[0].file == course.path() / "autotests.yml");
}
