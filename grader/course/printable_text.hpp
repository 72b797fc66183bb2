// Text from outside (student ids, folder names, messages) made safe to print on a terminal: every
// control character (bytes 0x00-0x1f and 0x7f: ESC, newline, carriage return, backspace ...) and
// the backslash are shown escaped (\e for ESC, \n, \r, \t, \\, else \xNN), and so is every byte
// that is not part of valid UTF-8 (\xNN), so nothing printed can move the cursor, recolour the
// screen or forge a line of a table, and the result is valid UTF-8 (JSON can carry it).
#pragma once

#include <string>
#include <string_view>

namespace gradebox::course {

std::string printable_text(std::string_view text);

}  // namespace gradebox::course
