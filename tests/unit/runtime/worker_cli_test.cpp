// gradebox-worker's command line: --help, and usage errors that name the option (exit 2).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult run_worker(const std::string& arguments) {
  const std::string command = std::string(GRADEBOX_WORKER_PATH) + " " + arguments + " 2>&1";
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace

TEST_CASE("gradebox-worker --help lists its options; usage errors exit 2 naming the option",
          "[runtime][zygote]") {
  const auto help = run_worker("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.output, Catch::Contains("--control-fd") && Catch::Contains("--spare-child") &&
                              Catch::Contains("not meant to be run by hand"));

  const auto missing = run_worker("");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("--control-fd is required"));

  const auto bad_value = run_worker("--control-fd 3 --spare-child maybe");
  CHECK(bad_value.exit_code == 2);
  CHECK_THAT(bad_value.output, Catch::Contains("--spare-child"));

  // A flag without its value used to be skipped silently by the pairwise loop.
  const auto dangling = run_worker("--control-fd 3 --python-mode");
  CHECK(dangling.exit_code == 2);
  CHECK_THAT(dangling.output, Catch::Contains("--python-mode"));
}
