// Late penalties, applied at export from the record's submission time (timestamp.txt) and --due:
//   none         no penalty (lateness is still reported in formats that carry it)
//   zero         a late submission scores 0
//   per-day:N%   N% of the maximum score per started day late (1 s late = one day), never more
//                than the raw score; N may have up to three decimals ("per-day:2.5%")
// Penalties are rounded half up to whole milli-points. A submission without a timestamp is on time.
// Without a policy on the command line, each record's own applies: the course's
// LateSubmissionPlugin.penalty_method (nbgrader_config.py) it was graded under, as nbgrader
// applies it unasked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gradebox::exporting {

struct LatePolicy {
  enum class Kind { none, zero, per_day } kind = Kind::none;
  int64_t percent_milli_per_day = 0;  // 10% -> 10000

  // Throws std::invalid_argument with the accepted forms.
  static LatePolicy parse(std::string_view text);

  int64_t penalty_milli(int64_t raw_milli, int64_t max_milli, int64_t seconds_late) const;
  // "none", "zero", "per-day:10%": the form parse() reads.
  std::string text() const;
};

// `given` (--late-policy) when there is one, else the record's penalty_method ("none", "zero").
LatePolicy late_policy_for(const std::optional<LatePolicy>& given,
                           const std::string& recorded_penalty_method);

}  // namespace gradebox::exporting
