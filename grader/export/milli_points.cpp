// Owns the decimal text form of milli-points.
#include "grader/export/milli_points.hpp"

#include <cctype>

namespace gradebox::exporting {

std::string format_milli(int64_t milli) {
  const bool negative = milli < 0;
  const uint64_t magnitude = negative ? uint64_t(0) - uint64_t(milli) : uint64_t(milli);
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / 1000);
  uint64_t fraction = magnitude % 1000;
  if (fraction == 0) return text;
  std::string digits = std::to_string(fraction);
  digits.insert(0, 3 - digits.size(), '0');
  while (digits.back() == '0') digits.pop_back();
  return text + "." + digits;
}

std::optional<int64_t> parse_milli(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 15 || fraction.size() > 3) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : whole) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  int64_t milli = 0;
  for (size_t i = 0; i < 3; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    milli = milli * 10 + (c - '0');
  }
  const int64_t total = value * 1000 + milli;
  return negative ? -total : total;
}

}  // namespace gradebox::exporting
