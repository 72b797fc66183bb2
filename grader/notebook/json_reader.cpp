// A strict RFC 8259 recursive-descent reader building ordered_json (see json_reader.hpp).
// Strings are copied in runs (the text is already known to be valid UTF-8); numbers follow
// nlohmann's typing: integers fit int64 or uint64, anything else is a double.
#include "grader/notebook/json_reader.hpp"

#include <charconv>
#include <cstdlib>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gradebox::notebook {
namespace {

// Deep enough for any notebook, shallow enough that recursion cannot exhaust the stack.
constexpr int kMaxDepth = 512;

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  Json document() {
    skip_space();
    Json value = parse_value(0);
    skip_space();
    if (i_ != s_.size()) fail("unexpected content after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw JsonSyntaxError(i_, message); }

  [[noreturn]] void unexpected(const char* expected) const {
    if (i_ >= s_.size()) fail(std::string("unexpected end of text; expected ") + expected);
    const char c = s_[i_];
    std::string shown =
        (static_cast<unsigned char>(c) < 0x20) ? "control character" : std::string("'") + c + "'";
    fail("unexpected " + shown + "; expected " + expected);
  }

  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t'))
      ++i_;
  }

  Json parse_value(int depth) {
    if (i_ >= s_.size()) unexpected("a value");
    switch (s_[i_]) {
      case '{':
        return parse_object(depth + 1);
      case '[':
        return parse_array(depth + 1);
      case '"':
        return Json(parse_string());
      case 't':
        return literal("true", Json(true));
      case 'f':
        return literal("false", Json(false));
      case 'n':
        return literal("null", Json(nullptr));
      default:
        if (s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')) return parse_number();
        unexpected("a value");
    }
  }

  Json literal(std::string_view word, Json value) {
    if (s_.substr(i_, word.size()) != word) unexpected("a value");
    i_ += word.size();
    return value;
  }

  Json parse_object(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than 512 levels");
    ++i_;  // '{'
    std::vector<std::pair<std::string, Json>> members;
    skip_space();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return Json::object();
    }
    while (true) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '"') unexpected("a string key");
      std::string key = parse_string();
      skip_space();
      if (i_ >= s_.size() || s_[i_] != ':') unexpected("':'");
      ++i_;
      skip_space();
      members.emplace_back(std::move(key), parse_value(depth));
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return build_object(std::move(members));
      }
      unexpected("',' or '}'");
    }
  }

  Json parse_array(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than 512 levels");
    ++i_;  // '['
    Json array = Json::array();
    auto& items = array.get_ref<Json::array_t&>();
    skip_space();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return array;
    }
    while (true) {
      skip_space();
      items.push_back(parse_value(depth));
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return array;
      }
      unexpected("',' or ']'");
    }
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::uint32_t hex4() {
    if (i_ + 4 > s_.size()) fail("incomplete \\u escape");
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else {
        --i_;
        fail("invalid hex digit in \\u escape");
      }
    }
    return v;
  }

  std::string parse_string() {
    ++i_;  // opening quote
    std::string out;
    std::size_t run = i_;
    while (true) {
      if (i_ >= s_.size()) fail("unterminated string");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        out.append(s_.data() + run, i_ - run);
        ++i_;
        return out;
      }
      if (c < 0x20) fail("control character in a string (must be escaped)");
      if (c != '\\') {
        ++i_;
        continue;
      }
      out.append(s_.data() + run, i_ - run);
      ++i_;
      if (i_ >= s_.size()) fail("unterminated string");
      const char e = s_[i_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(i_, 2) != "\\u") fail("lone UTF-16 surrogate in \\u escape");
            i_ += 2;
            const std::uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("invalid UTF-16 surrogate pair");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail("lone UTF-16 surrogate in \\u escape");
          }
          append_utf8(out, cp);
          break;
        }
        default:
          --i_;
          fail("invalid escape in a string");
      }
      run = i_;
    }
  }

  Json parse_number() {
    const std::size_t start = i_;
    const auto digits = [&] {
      const std::size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - from;
    };
    bool negative = false, is_float = false;
    if (s_[i_] == '-') {
      negative = true;
      ++i_;
    }
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
      if (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') fail("leading zero in a number");
    } else if (digits() == 0) {
      unexpected("a digit");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      is_float = true;
      ++i_;
      if (digits() == 0) unexpected("a digit after '.'");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) unexpected("a digit in the exponent");
    }
    const char* first = s_.data() + start;
    const char* last = s_.data() + i_;
    if (!is_float) {
      if (negative) {
        std::int64_t v = 0;
        if (std::from_chars(first, last, v).ec == std::errc()) return Json(v);
      } else {
        std::uint64_t v = 0;
        if (std::from_chars(first, last, v).ec == std::errc()) return Json(v);
      }
    }
    // Floats, and integers beyond 64 bits (as nlohmann does).
    const std::string number(first, last);
    return Json(std::strtod(number.c_str(), nullptr));
  }

  static Json build_object(std::vector<std::pair<std::string, Json>> members) {
    Json object = Json::object();
    auto& map = object.get_ref<Json::object_t&>();
    // Reserved once: growing an ordered_map copies its pair<const key, value> elements.
    map.reserve(members.size());
    // Duplicates: first position, last value (Python's dict semantics).
    std::unordered_map<std::string_view, std::size_t> index;
    const bool large = members.size() > 16;
    for (auto& [key, value] : members) {
      std::size_t found = map.size();
      if (large) {
        if (const auto it = index.find(key); it != index.end()) found = it->second;
      } else {
        for (std::size_t k = 0; k < map.size(); ++k)
          if ((map.begin() + static_cast<std::ptrdiff_t>(k))->first == key) found = k;
      }
      if (found < map.size()) {
        (map.begin() + static_cast<std::ptrdiff_t>(found))->second = std::move(value);
        continue;
      }
      map.emplace_back(std::move(key), std::move(value));
      if (large) index.emplace(map.back().first, map.size() - 1);
    }
    return object;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

Json read_json(std::string_view text) {
  return Reader(text).document();
}

}  // namespace gradebox::notebook
