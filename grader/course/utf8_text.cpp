// Owns the UTF-8 validity rule (see utf8_text.hpp).
#include "grader/course/utf8_text.hpp"

namespace gradebox::course {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  const std::size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (length == 0 || lead > 0xf4 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  if (lead == 0xe0 && byte(i + 1) < 0xa0) return 0;   // overlong
  if (lead == 0xed && byte(i + 1) >= 0xa0) return 0;  // surrogate
  if (lead == 0xf0 && byte(i + 1) < 0x90) return 0;   // overlong
  if (lead == 0xf4 && byte(i + 1) >= 0x90) return 0;  // past U+10FFFF
  return length;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace gradebox::course
