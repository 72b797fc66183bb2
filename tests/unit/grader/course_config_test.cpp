// gradebox.toml: defaults, stubs, header/footer, unknown keys and bad types.
#include "grader/course_config.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace gradebox;
using gradebox::test::TempDir;
using gradebox::test::write_text;

TEST_CASE("no gradebox.toml gives nbgrader's defaults", "[grader][config]") {
  TempDir course;
  const auto loaded = load_course_config(course.path());
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.code_stubs.at("python") == "# YOUR CODE HERE\nraise NotImplementedError()");
  CHECK(loaded.config.text_stub == "YOUR ANSWER HERE");
  CHECK_FALSE(loaded.config.header);
}

TEST_CASE("gradebox.toml sets stubs, header, footer and limits", "[grader][config]") {
  TempDir course;
  write_text(course.path() / "gradebox.toml", R"(
[release]
header = "source/header.ipynb"
[stubs]
text = "Write here"
[stubs.code]
python = "pass  # TODO"
julia = "# YOUR CODE HERE"
[limits]
max_notebook_bytes = 1000
memory_mib = 512
[autograde]
cell_timeout_seconds = 30
)");
  const auto loaded = load_course_config(course.path());
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.header == course.path() / "source/header.ipynb");
  CHECK(loaded.config.text_stub == "Write here");
  CHECK(loaded.config.code_stubs.at("python") == "pass  # TODO");
  CHECK(loaded.config.code_stubs.at("julia") == "# YOUR CODE HERE");
  CHECK(loaded.config.code_stubs.at("R") == "# YOUR CODE HERE\nfail()");
  CHECK(loaded.config.limits.max_bytes == 1000);
  CHECK(loaded.config.session_limits.memory_bytes == 512ull << 20);
  CHECK(loaded.config.session_limits.wall_time == std::chrono::seconds(30));
}

TEST_CASE("unknown keys are warnings naming them; wrong types and bad TOML are errors",
          "[grader][config]") {
  TempDir course;
  write_text(course.path() / "gradebox.toml",
             "[release]\nheadr = \"x\"\n[limits]\nmax_notebook_bytes = \"big\"\n[colour]\na = 1\n");
  auto loaded = load_course_config(course.path());
  REQUIRE(loaded.problems.size() == 3);
  const auto find = [&](const std::string& message) {
    for (const auto& p : loaded.problems)
      if (p.message == message) return p.severity;
    FAIL("no problem: " << message);
    return notebook::Severity::error;
  };
  CHECK(find("unknown key 'release.headr' (line 2) is ignored") == notebook::Severity::warning);
  CHECK(find("limits.max_notebook_bytes (line 4) must be an integer") == notebook::Severity::error);
  CHECK(find("unknown table [colour] (line 5) is ignored") == notebook::Severity::warning);

  write_text(course.path() / "gradebox.toml",
             "[isolation]\nlevel = \"cgroup3\"\n[limits]\npids = 0\n");
  loaded = load_course_config(course.path());
  REQUIRE(loaded.problems.size() == 2);  // parsed once, here, for every command
  CHECK_THAT(loaded.problems[1].message,
             Catch::Contains("isolation.level (line 2) is \"cgroup3\""));
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("limits.pids (line 4) must be above 0"));

  write_text(course.path() / "gradebox.toml", "[release\n");
  loaded = load_course_config(course.path());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].severity == notebook::Severity::error);
  CHECK_THAT(loaded.problems[0].message, Catch::Contains("line 1"));
}

TEST_CASE("isolation.require lists the layers without which nothing runs", "[grader][config]") {
  TempDir course;
  write_text(course.path() / "gradebox.toml",
             "[isolation]\nrequire = [\"landlock\", \"seccomp\"]\n");
  auto loaded = load_course_config(course.path());
  CHECK(loaded.problems.empty());
  CHECK(loaded.config.required_isolation_layers == std::vector<std::string>{"landlock", "seccomp"});

  write_text(course.path() / "gradebox.toml",
             "[isolation]\nrequire = [\"landlock\", \"selinux\"]\n");
  loaded = load_course_config(course.path());
  REQUIRE(loaded.problems.size() == 1);
  CHECK_THAT(loaded.problems[0].message,
             Catch::Contains("isolation.require (line 2): \"selinux\" is not an isolation layer"));
}
