// One row of `gradebox doctor`: what was checked, how it came out, what was found, and how to fix
// it when it is not a pass.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gradebox::doctor {

// fail: grading would not work (or not be trustworthy); warn: works, but worth knowing;
// skip: not applicable here (e.g. no course given).
enum class CheckStatus { pass, warn, fail, skip };

std::string_view to_string(CheckStatus status);

struct CheckRow {
  std::string name;
  CheckStatus status = CheckStatus::pass;
  std::string detail;  // what was found
  std::string fix;     // how to fix it ("" for pass and skip)
};

using CheckRows = std::vector<CheckRow>;

}  // namespace gradebox::doctor
