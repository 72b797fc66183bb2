// Names of the doctor's check outcomes (the table's and --json's "status").
#include "grader/doctor/doctor_check.hpp"

namespace gradebox::doctor {

std::string_view to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass:
      return "pass";
    case CheckStatus::warn:
      return "warn";
    case CheckStatus::fail:
      return "fail";
    case CheckStatus::skip:
      return "skip";
  }
  return "fail";
}

}  // namespace gradebox::doctor
