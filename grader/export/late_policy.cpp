// Owns parsing and applying late policies.
#include "grader/export/late_policy.hpp"

#include <algorithm>
#include <stdexcept>

#include "grader/export/milli_points.hpp"

namespace gradebox::exporting {

LatePolicy LatePolicy::parse(std::string_view text) {
  if (text == "none") return {};
  if (text == "zero") return {Kind::zero, 0};
  constexpr std::string_view kPrefix = "per-day:";
  if (text.substr(0, kPrefix.size()) == kPrefix && text.size() > kPrefix.size() + 1 &&
      text.back() == '%') {
    const auto percent = parse_milli(text.substr(kPrefix.size(), text.size() - kPrefix.size() - 1));
    if (percent && *percent > 0 && *percent <= 100000) return {Kind::per_day, *percent};
  }
  throw std::invalid_argument(
      "late policy \"" + std::string(text) +
      "\" is not one of: none, zero, per-day:N% (0 < N <= 100, e.g. per-day:10%)");
}

int64_t LatePolicy::penalty_milli(int64_t raw_milli, int64_t max_milli,
                                  int64_t seconds_late) const {
  if (seconds_late <= 0 || kind == Kind::none) return 0;
  if (kind == Kind::zero) return std::max<int64_t>(raw_milli, 0);
  const int64_t days = (seconds_late + 86399) / 86400;
  // percent_milli is percent * 1000, so the divisor is 100 * 1000; +half rounds half up.
  const int64_t penalty = (days * percent_milli_per_day * max_milli + 50000) / 100000;
  return std::clamp<int64_t>(penalty, 0, std::max<int64_t>(raw_milli, 0));
}

std::string LatePolicy::text() const {
  switch (kind) {
    case Kind::none:
      return "none";
    case Kind::zero:
      return "zero";
    case Kind::per_day:
      return "per-day:" + format_milli(percent_milli_per_day) + "%";
  }
  return "none";
}

LatePolicy late_policy_for(const std::optional<LatePolicy>& given,
                           const std::string& recorded_penalty_method) {
  if (given) return *given;
  return recorded_penalty_method == "zero" ? LatePolicy{LatePolicy::Kind::zero, 0} : LatePolicy{};
}

}  // namespace gradebox::exporting
