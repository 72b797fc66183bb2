// UTF-8 validity of text from outside (archive entry names, file names): what may be written as a
// file name, put in JSON, or printed as is.
#pragma once

#include <cstddef>
#include <string_view>

namespace gradebox::course {

// Length of the UTF-8 sequence starting at text[i], 0 when it is not a valid one (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

bool is_valid_utf8(std::string_view text);

}  // namespace gradebox::course
