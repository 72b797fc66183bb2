// Fast parsing of JSON text into an order-keeping tree.
//
// nlohmann's own parser grows each ordered_json object one key at a time, and because the
// ordered map stores pair<const key, value> every growth deep-copies the subtrees already in it
// (whole notebooks, for the top-level object); its lexer also handles text a byte at a time.
// This reader collects an object's members first and builds the map once with reserved
// capacity, so values are only ever moved, and copies strings in runs. Release throughput
// depends on it (bench/release_bench).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::notebook {

class JsonSyntaxError : public std::runtime_error {
 public:
  JsonSyntaxError(std::size_t byte_offset, const std::string& message)
      : std::runtime_error(message), byte_offset_(byte_offset) {}
  // 0-based offset of the byte where parsing failed.
  std::size_t byte_offset() const { return byte_offset_; }

 private:
  std::size_t byte_offset_;
};

// Parses one JSON value (strict RFC 8259: no comments, trailing commas, NaN or raw control
// characters in strings; lone \u surrogates refused). Duplicate keys keep the first position
// and the last value, as Python's json module does. `text` must already be valid UTF-8.
Json read_json(std::string_view text);

}  // namespace gradebox::notebook
