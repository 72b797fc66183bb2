// Runs a shell command line in a test and returns its exit status with stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

namespace gradebox::test {

struct CommandOutput {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string out;     // stdout and stderr
};

inline CommandOutput run_command(const std::string& command_line) {
  CommandOutput result;
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace gradebox::test
