// Owns HTML escaping and terminal-code stripping.
#include "grader/feedback/html_escape.hpp"

#include "grader/notebook/notebook.hpp"

namespace gradebox::feedback {
namespace {

void append_escaped_char(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
  }
}

}  // namespace

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  while (!text.empty()) {
    const std::size_t bad = notebook::first_invalid_utf8(text);
    const std::string_view valid = text.substr(0, bad);
    for (char c : valid) append_escaped_char(out, c);
    if (bad == std::string_view::npos) break;
    out += "\xEF\xBF\xBD";  // U+FFFD for the offending byte, then carry on after it
    text.remove_prefix(bad + 1);
  }
  return out;
}

std::string strip_terminal_codes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;  // CSI: parameters and intermediates up to a final byte in 0x40..0x7e
      while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7e)) ++i;
      continue;
    }
    if (c == '\x1b' && i + 1 < text.size() && text[i + 1] == ']') {
      i += 2;  // OSC: up to BEL or ST (ESC \)
      while (i < text.size() && text[i] != '\x07' &&
             !(text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\'))
        ++i;
      if (i < text.size() && text[i] == '\x1b') ++i;
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) continue;
    out += c;
  }
  return out;
}

}  // namespace gradebox::feedback
