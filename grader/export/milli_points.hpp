// Points as integer milli-points, printed as exact decimals without float noise:
// 1500 -> "1.5", 7000 -> "7", 125 -> "0.125", -500 -> "-0.5".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gradebox::exporting {

std::string format_milli(int64_t milli);

// "1.5" -> 1500; at most three decimals; nullopt for anything else.
std::optional<int64_t> parse_milli(std::string_view text);

}  // namespace gradebox::exporting
