// The built `gradebox` binary: exit codes, --json, --help, and nothing half-written on bad input.
#include <catch2/catch.hpp>
#include <cstdio>

#include "grader/notebook/jupyter_json.hpp"
#include "test_support.hpp"
#include "tests/unit/command_output.hpp"

using gradebox::notebook::Json;
using gradebox::test::make_course;
using gradebox::test::read_text;
using gradebox::test::TempDir;
using gradebox::test::tree_listing;
using gradebox::test::write_text;
namespace fs = std::filesystem;

namespace {

gradebox::test::CommandOutput run_gradebox(const std::string& args) {
  return gradebox::test::run_command(std::string(GRADEBOX_BINARY) + " " + args);
}

std::string course_arg(const TempDir& dir) {
  return "--course " + dir.path().string();
}

}  // namespace

TEST_CASE("gradebox --help and usage errors", "[grader][cli]") {
  auto run = run_gradebox("--help");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("check") && Catch::Contains("release"));
  CHECK(run_gradebox("check --help").exit_code == 0);
  CHECK(run_gradebox("release --help").exit_code == 0);
  CHECK(run_gradebox("").exit_code == 2);
  CHECK(run_gradebox("check").exit_code == 2);
  CHECK(run_gradebox("release --bogus").exit_code == 2);
  CHECK(run_gradebox("release --all ps1").exit_code == 2);
}

TEST_CASE("gradebox check: exit 0 when clean, 1 with every problem listed", "[grader][cli]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb"});
  auto run = run_gradebox("check " + course_arg(course) + " ps1");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("1 notebook checked: no problems"));

  const std::string bad =
      gradebox::test::fixture("preprocessors/duplicate-grade-ids.ipynb").string() + " " +
      gradebox::test::fixture("preprocessors/blank-points.ipynb").string();
  run = run_gradebox("check " + bad);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("cell 1 (grade_id 'id1'): error: duplicate grade id 'id1'"));
  CHECK_THAT(run.out, Catch::Contains("grade cell 'id1' does not have points"));
  CHECK_THAT(run.out, Catch::Contains("fix: "));

  run = run_gradebox("check --json " + bad);
  CHECK(run.exit_code == 1);
  const auto report = Json::parse(run.out);
  CHECK(report["schema"] == "gradebox.check");
  CHECK(report["schema_version"] == 1);
  CHECK(report["ok"] == false);
  CHECK(report["errors"] == 2);
  CHECK(report["problems"][0]["cell_index"] == 1);
  CHECK(report["problems"][0]["grade_id"] == "id1");

  run = run_gradebox("check " + course_arg(course) + " missing");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("assignment source folder does not exist"));
}

TEST_CASE("gradebox release writes release and master copy, summary last", "[grader][cli]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb", "apps/test-hidden-tests.ipynb"});
  make_course(course.path(), "ps2", {"apps/test.ipynb"});
  auto run = run_gradebox("release " + course_arg(course) + " ps1");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::EndsWith("ps1: 2 notebooks, 10 graded cells, 9 points\n"));
  CHECK(fs::exists(course.path() / ".gradebox/master/ps1/test.ipynb"));

  run = run_gradebox("release " + course_arg(course) + " ps1");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("pass --force"));

  run = run_gradebox("release " + course_arg(course) + " --all --force --archive");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("total: 2 of 2 assignments, 3 notebooks"));
  CHECK(fs::exists(course.path() / "release/ps2.tar.gz"));

  // A path to <course>/source/<a> fixes the course root by itself.
  run = run_gradebox("release --force " + (course.path() / "source/ps2").string());
  CHECK(run.exit_code == 0);
}

TEST_CASE("gradebox release on bad input: clear error, exit 1, nothing half-written",
          "[grader][cli]") {
  TempDir course;
  make_course(course.path(), "ps1", {"apps/test.ipynb"});
  const auto before = tree_listing(course.path());
  const auto expect_refused = [&](const std::string& needle) {
    const auto run = run_gradebox("release " + course_arg(course) + " ps1");
    INFO(run.out);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out, Catch::Contains(needle));
    CHECK_FALSE(fs::exists(course.path() / "release/ps1"));
    CHECK_FALSE(fs::exists(course.path() / ".gradebox/master/ps1"));
  };

  write_text(course.path() / "source/ps1/bad.ipynb", "{\"cells\": [}");
  expect_refused("bad.ipynb (line 1, column 12): error: malformed JSON");
  write_text(course.path() / "source/ps1/bad.ipynb", std::string("{\"cells\": [\"\xc3\x28\"]}"));
  expect_refused("text is not valid UTF-8");
  write_text(course.path() / "source/ps1/bad.ipynb", "");
  expect_refused("file is empty");
  write_text(course.path() / "source/ps1/bad.ipynb",
             R"({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []})");
  expect_refused("nbformat 3 is not supported");
  {
    std::ofstream huge(course.path() / "source/ps1/bad.ipynb", std::ios::binary | std::ios::trunc);
    const std::string chunk(1 << 20, ' ');
    for (int i = 0; i < 50; ++i) huge << chunk;
  }
  expect_refused("bytes, more than the limit of 33554432");
  fs::remove(course.path() / "source/ps1/bad.ipynb");

  const auto run = run_gradebox("release " + course_arg(course) + " nope");
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out,
             Catch::Contains("source/nope: error: assignment source folder does not exist"));
  CHECK(tree_listing(course.path()) == before);
}

TEST_CASE("check and release work on examples/course", "[grader][cli]") {
  const fs::path example = fs::path(GRADEBOX_SOURCE_DIR) / "examples/course";
  if (!fs::exists(example / "source/ps1")) {
    WARN("skipped: examples/course/source/ps1 is not in this tree");
    return;
  }
  auto run = run_gradebox("check " + (example / "source/ps1").string());
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("2 notebooks checked: no problems"));

  TempDir copy;
  fs::copy(example / "source", copy.path() / "source", fs::copy_options::recursive);
  run = run_gradebox("release --archive " + course_arg(copy) + " ps1");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("ps1: 2 notebooks"));
  const auto released = read_text(copy.path() / "release/ps1/problem1.ipynb");
  CHECK(released.find("BEGIN SOLUTION") == std::string::npos);
  CHECK(released.find("BEGIN HIDDEN TESTS") == std::string::npos);
  CHECK(read_text(copy.path() / ".gradebox/master/ps1/problem1.ipynb").find("BEGIN HIDDEN TESTS") !=
        std::string::npos);
}

TEST_CASE("gradebox kernelspec writes the course's limits, the grader's defaults otherwise",
          "[grader][cli][kernelspec]") {
  TempDir course, prefix;
  const auto kernel_json = [&] {
    return Json::parse(read_text(prefix.path() / "share/jupyter/kernels/ml-101/kernel.json"));
  };
  const std::string install = "kernelspec " + course_arg(course) + " --prefix " +
                              prefix.path().string() + " --name ml-101 --kernel-path /bin/true";
  auto run = run_gradebox(install);
  REQUIRE(run.exit_code == 0);
  // One default for kernel and grader (sandbox/limits.hpp): 1 GiB, 256 processes.
  CHECK(kernel_json()["metadata"]["gradebox"]["limits"]["memory_bytes"] == 1ull << 30);

  write_text(course.path() / "gradebox.toml", "[limits]\nmemory_mib = 1536\npids = 100\n");
  run = run_gradebox(install);
  REQUIRE(run.exit_code == 0);
  const auto spec = kernel_json();
  // Installed kernels share the user's warm zygote unless told otherwise (docs/jupyterhub.md).
  CHECK(spec["argv"] == Json::parse(R"(["/bin/true", "-f", "{connection_file}", "--memory", "1536M",
                                       "--output-limit", "16M", "--pids", "100",
                                       "--warm-zygote", "600"])"));
  CHECK(spec["metadata"]["gradebox"]["limits"]["memory_bytes"] == 1536ull << 20);
  CHECK(spec["metadata"]["gradebox"]["limits"]["pids"] == 100);
}
