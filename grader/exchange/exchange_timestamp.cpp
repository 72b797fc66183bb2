// nbgrader's submission timestamps (see exchange_timestamp.hpp).
#include "grader/exchange/exchange_timestamp.hpp"

#include <optional>
#include <utility>

#include "grader/records/nbgrader_timestamp.hpp"

namespace gradebox::exchange {
namespace {

// Seconds since the epoch and the microseconds after them; nullopt when nbgrader would fail.
std::optional<std::pair<std::int64_t, long>> sort_key(std::string_view text) {
  const auto parsed = records::parse_nbgrader_timestamp(text);
  if (!parsed.utc) return std::nullopt;
  long micros = 0;  // the parser truncates fractions; the digits after '.' break ties
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    long scale = 100000;
    for (std::size_t i = dot + 1; i < text.size() && scale > 0 && text[i] >= '0' && text[i] <= '9';
         ++i) {
      micros += (text[i] - '0') * scale;
      scale /= 10;
    }
  }
  return std::pair{static_cast<std::int64_t>(parsed.utc->time_since_epoch().count()), micros};
}

}  // namespace

bool timestamp_before(std::string_view a, std::string_view b) {
  const auto ka = sort_key(a), kb = sort_key(b);
  if (!kb) return false;
  if (!ka) return true;
  return *ka < *kb;
}

}  // namespace gradebox::exchange
