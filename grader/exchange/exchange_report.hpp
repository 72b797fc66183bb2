// What an exchange command did, as data the CLI prints: one line per thing done (released,
// fetched, collected ...) and the problems (warnings and refusals) naming the path and the fix.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/notebook/problem.hpp"

namespace gradebox::exchange {

struct ExchangeReport {
  std::vector<std::string> done;
  notebook::Problems problems;

  void error(const std::filesystem::path& file, std::string message, std::string hint) {
    problems.push_back(
        {notebook::Severity::error, file, std::nullopt, "", std::move(message), std::move(hint)});
  }
  void warn(const std::filesystem::path& file, std::string message, std::string hint) {
    problems.push_back(
        {notebook::Severity::warning, file, std::nullopt, "", std::move(message), std::move(hint)});
  }
  bool ok() const { return !notebook::has_errors(problems); }
};

}  // namespace gradebox::exchange
