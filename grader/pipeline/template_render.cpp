// Owns the `{{ name }}` template rendering of autotests.yml (see template_render.hpp).
#include "grader/pipeline/template_render.hpp"

#include <cctype>

namespace gradebox::pipeline {
namespace {

// Jinja's lexer splits on \r\n, \r and \n, joins with "\n" and drops one final empty line.
std::string normalise_newlines(std::string_view source) {
  std::string text;
  text.reserve(source.size());
  for (std::size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
      text += '\n';
    } else {
      text += source[i];
    }
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (const char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

}  // namespace

RenderedTemplate render_template(std::string_view source, const TemplateValues& values) {
  const std::string text = normalise_newlines(source);
  RenderedTemplate out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto open = text.find('{', pos);
    if (open == std::string::npos || open + 1 >= text.size()) {
      out.text.append(text, pos);
      break;
    }
    const char next = text[open + 1];
    if (next == '%' || next == '#') {
      out.error = std::string("\"{") + next + "\" (a Jinja statement or comment) is not supported";
      return out;
    }
    if (next != '{') {
      out.text.append(text, pos, open + 1 - pos);
      pos = open + 1;
      continue;
    }
    const auto close = text.find("}}", open + 2);
    const std::string_view inner =
        close == std::string::npos
            ? std::string_view()
            : trim(std::string_view(text).substr(open + 2, close - open - 2));
    if (close == std::string::npos || !is_identifier(inner)) {
      out.error = "only {{ name }} substitutions are supported, not \"" +
                  text.substr(open, close == std::string::npos ? 20 : close + 2 - open) + "\"";
      return out;
    }
    out.text.append(text, pos, open - pos);
    if (const auto value = values.find(inner); value != values.end()) out.text += value->second;
    pos = close + 2;
  }
  return out;
}

}  // namespace gradebox::pipeline
