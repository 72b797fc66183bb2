// Jupyter's on-disk JSON text: what `json.dumps(nb, indent=1, sort_keys=True,
// ensure_ascii=False) + "\n"` produces in nbformat, byte for byte.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gradebox::notebook {

using Json = nlohmann::ordered_json;

enum class KeyOrder {
  sorted,     // Jupyter's writer: keys sorted by code point (the default everywhere)
  preserved,  // keys in the order they were read or inserted
};

// Serializes `value` like Python's json module with indent=1 and separators (",", ": "):
// non-ASCII kept as UTF-8, only `"`, `\` and control characters escaped (\n \r \t \b \f, others
// as lowercase \u00XX), floats in Python repr ("1.0", "1e-05"). Appends the trailing newline.
std::string to_jupyter_json(const Json& value, KeyOrder order = KeyOrder::sorted);

}  // namespace gradebox::notebook
