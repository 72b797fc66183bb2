// The `gradebox zip-collect` binary: exit codes, the human report and --json.
#include <catch2/catch.hpp>

#include "grader/notebook/jupyter_json.hpp"
#include "tests/unit/zip_collect/zip_test_support.hpp"

namespace gradebox::test {
namespace fs = std::filesystem;
using notebook::Json;

namespace {

CommandOutput zip_collect_cli(const fs::path& course, const std::string& args) {
  return run_command(std::string(GRADEBOX_BINARY) + " zip-collect --course " + course.string() +
                     " " + args);
}

}  // namespace

TEST_CASE("gradebox zip-collect: 0 when every file is collected, 1 with the unmatched listed",
          "[zip][cli]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  const auto good = tmp.path() / "good.zip", mixed = tmp.path() / "mixed.zip";
  make_zip(good, "z.writestr('smithalice_1001_5001_ps1.ipynb', 'alice')\n");
  make_zip(mixed,
           "z.writestr('jonesbob_1002_5002_ps1.ipynb', 'bob')\n"
           "z.writestr('stranger.ipynb', 'x')\n");
  auto run = zip_collect_cli(course, "ps1 " + good.string());
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("collected alice: 1 file(s)"));

  run = zip_collect_cli(course, "ps1 --json " + mixed.string());
  CHECK(run.exit_code == 1);
  const Json report = Json::parse(run.out);
  CHECK(report["schema"] == "gradebox.zip-collect");
  CHECK(report["complete"] == false);
  CHECK(report["students"][0]["student"] == "bob");
  CHECK(report["unmatched"][0]["entry"] == "stranger.ipynb");
  CHECK(read_text(course / "submitted/bob/ps1/ps1.ipynb") == "bob");

  run = zip_collect_cli(course, "ps1 " + good.string());  // again: the previous one is kept
  CHECK_THAT(run.out, Catch::Contains("replaced the previous submission"));
}

TEST_CASE("gradebox zip-collect: usage errors exit 2 and write nothing", "[zip][cli]") {
  TempDir tmp;
  const auto course = make_zip_course(tmp.path());
  const auto good = tmp.path() / "good.zip";
  make_zip(good, "z.writestr('smithalice_1001_5001_ps1.ipynb', 'alice')\n");
  CHECK(zip_collect_cli(course, "ps1").exit_code == 2);
  CHECK(zip_collect_cli(course, "ps1 " + (tmp.path() / "missing.zip").string()).exit_code == 2);
  CHECK(zip_collect_cli(course, "ps1 --regex '(?P<student_id>x' " + good.string()).exit_code == 2);
  CHECK(zip_collect_cli(course, "ps1 --timezone Mars/Base " + good.string()).exit_code == 2);
  CHECK(zip_collect_cli(course,
                        "ps1 --roster " + (tmp.path() / "none.csv").string() + " " + good.string())
            .exit_code == 2);
  CHECK_FALSE(fs::exists(course / "submitted"));
}

}  // namespace gradebox::test
