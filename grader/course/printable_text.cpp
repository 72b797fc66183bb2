// Owns escaping text for terminals (see printable_text.hpp).
#include "grader/course/printable_text.hpp"

#include "grader/course/utf8_text.hpp"

namespace gradebox::course {

std::string printable_text(std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    const std::size_t sequence = byte >= 0x80 ? utf8_sequence_length(text, i) : 1;
    if (sequence > 1) {
      out += text.substr(i, sequence);
      i += sequence - 1;
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\x1b') {
      out += "\\e";
    } else if (byte < 0x20 || byte == 0x7f || byte >= 0x80) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace gradebox::course
