// HTML escaping for text and attribute values, and removal of terminal colour codes (IPython
// tracebacks carry ANSI escapes that would show as garbage in a page).
#pragma once

#include <string>
#include <string_view>

namespace gradebox::feedback {

// Escapes & < > " ' so the text is inert in element content and in quoted attribute values.
// Bytes that are not valid UTF-8 become U+FFFD, so a page is always well-formed UTF-8.
std::string escape_html(std::string_view text);

// Drops ANSI escape sequences (CSI "\x1b[...X", OSC "\x1b]...BEL") and other C0 controls except
// tab, newline and carriage return.
std::string strip_terminal_codes(std::string_view text);

}  // namespace gradebox::feedback
