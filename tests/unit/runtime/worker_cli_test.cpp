// gradebox-worker's command line: --help, and usage errors that name the option (exit 2).
#include <catch2/catch.hpp>
#include <string>

#include "tests/unit/command_output.hpp"

namespace {

gradebox::test::CommandOutput run_worker(const std::string& arguments) {
  return gradebox::test::run_command(std::string(GRADEBOX_WORKER_PATH) + " " + arguments);
}

}  // namespace

TEST_CASE("gradebox-worker --help lists its options; usage errors exit 2 naming the option",
          "[runtime][zygote]") {
  const auto help = run_worker("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--control-fd") && Catch::Contains("--spare-child") &&
                           Catch::Contains("not meant to be run by hand"));

  const auto missing = run_worker("");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.out, Catch::Contains("--control-fd is required"));

  const auto bad_value = run_worker("--control-fd 3 --spare-child maybe");
  CHECK(bad_value.exit_code == 2);
  CHECK_THAT(bad_value.out, Catch::Contains("--spare-child"));

  // A flag without its value used to be skipped silently by the pairwise loop.
  const auto dangling = run_worker("--control-fd 3 --python-mode");
  CHECK(dangling.exit_code == 2);
  CHECK_THAT(dangling.out, Catch::Contains("--python-mode"));
}
