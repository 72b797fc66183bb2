// Canonical JSON: the one byte form every signed body takes, so the same record always has the
// same bytes and digest. Rules: object keys sorted by their UTF-8 bytes, no whitespace, strings
// as UTF-8 with only '"', '\\' and control characters escaped (\b \f \n \r \t, else \u00XX),
// integers only. Floating-point numbers are refused: scores are integer milli-points.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gradebox::records {

// Throws std::invalid_argument when the value holds a float (naming its JSON pointer) or a
// string that is not valid UTF-8.
std::string canonical_json(const nlohmann::json& value);

// True when `bytes` is exactly canonical_json of what they parse to.
bool is_canonical_json(std::string_view bytes, const nlohmann::json& parsed);

}  // namespace gradebox::records
