// Limit parsing for gradebox-kernel: sizes, flags, environment precedence, argv round trip.
#include "kernel/xeus/kernel_limits.hpp"

#include <CLI/CLI.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>

using namespace gradebox::kernel;

TEST_CASE("byte sizes use binary units and reject garbage", "[kernel]") {
  CHECK(parse_byte_size("512M") == 512ull << 20);
  CHECK(parse_byte_size("2G") == 2ull << 30);
  CHECK(parse_byte_size("2g") == 2ull << 30);
  CHECK(parse_byte_size("1.5GiB") == 3ull << 29);
  CHECK(parse_byte_size("64KB") == 64ull << 10);
  CHECK(parse_byte_size("1048576") == 1048576);
  CHECK_THROWS_AS(parse_byte_size("lots"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size("-1G"), std::invalid_argument);
  CHECK_THROWS_AS(parse_byte_size("12X"), std::invalid_argument);
  CHECK(format_byte_size(512ull << 20) == "512 MiB");
  CHECK(format_byte_size(3ull << 29) == "1.5 GiB");
  CHECK(format_byte_size(100) == "100 bytes");
}

TEST_CASE("limit flags parse, validate and round-trip into kernel.json argv", "[kernel]") {
  CLI::App app;
  LimitArguments arguments;
  add_limit_options(app, arguments, false);
  const char* argv[] = {"k", "--memory", "1G", "--cell-timeout", "30", "--pids", "100"};
  app.parse(7, const_cast<char**>(argv));
  auto limits = limits_from_arguments(arguments);
  CHECK(limits.memory_bytes == 1ull << 30);
  CHECK(limits.wall_time == std::chrono::seconds(30));
  CHECK(limits.pids == 100);
  CHECK(limits.output_bytes == gradebox::sandbox::Limits{}.output_bytes);
  auto tail = limit_argv(arguments);
  CHECK(tail ==
        std::vector<std::string>{"--cell-timeout", "30", "--memory", "1G", "--pids", "100"});
  CHECK_THAT(describe_limits(limits),
             Catch::Contains("memory 1 GiB") && Catch::Contains("cell timeout 30 s"));

  LimitArguments bad;
  bad.given["--memory"] = "1M";
  CHECK_THROWS_WITH(limits_from_arguments(bad), Catch::Contains("--memory"));
  bad.given = {{"--cell-timeout", "soon"}};
  CHECK_THROWS_WITH(limits_from_arguments(bad), Catch::Contains("--cell-timeout"));
  bad.given = {{"--pids", "0"}};
  CHECK_THROWS_WITH(limits_from_arguments(bad), Catch::Contains("--pids"));
}

TEST_CASE("GRADEBOX_* environment sets limits, the command line wins", "[kernel]") {
  setenv("GRADEBOX_MEMORY", "768M", 1);
  setenv("GRADEBOX_CELL_TIMEOUT", "5", 1);
  CLI::App app;
  LimitArguments arguments;
  add_limit_options(app, arguments, true);
  const char* argv[] = {"k", "--cell-timeout", "9"};
  app.parse(3, const_cast<char**>(argv));
  unsetenv("GRADEBOX_MEMORY");
  unsetenv("GRADEBOX_CELL_TIMEOUT");
  auto limits = limits_from_arguments(arguments);
  CHECK(limits.memory_bytes == 768ull << 20);
  CHECK(limits.wall_time == std::chrono::seconds(9));
}
