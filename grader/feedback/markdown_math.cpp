// Owns finding LaTeX in markdown and putting it back as spans (see markdown_math.hpp).
#include "grader/feedback/markdown_math.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include "grader/feedback/html_escape.hpp"

namespace gradebox::feedback {
namespace {

// Letters only, so cmark leaves it alone in every context.
std::string placeholder(std::size_t index) {
  return "GBXMATH" + std::to_string(index) + "Z";
}

bool starts(std::string_view text, std::size_t pos, std::string_view what) {
  return text.substr(pos, what.size()) == what;
}

// The end of math opened at `pos` by `open` and closed by `close`, or npos (also at a blank line).
std::size_t find_close(std::string_view text, std::size_t pos, std::string_view close) {
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '\\' && close == "$") {
      ++i;
      continue;
    }
    if (starts(text, i, "\n\n")) return std::string_view::npos;
    if (starts(text, i, close)) return i;
  }
  return std::string_view::npos;
}

// Whether `pos` starts a line that opens or closes a fenced code block.
bool is_fence(std::string_view text, std::size_t pos) {
  if (pos != 0 && text[pos - 1] != '\n') return false;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  return starts(text, pos, "```") || starts(text, pos, "~~~");
}

// Math starting at `pos`: appends its placeholder and span, returns the index after it.
std::optional<std::size_t> take_math(std::string_view text, std::size_t pos,
                                     ProtectedMarkdown& out) {
  struct Delimiters {
    std::string_view open, close;
    bool display;
  };
  for (const Delimiters d : {Delimiters{"$$", "$$", true}, Delimiters{"\\[", "\\]", true},
                             Delimiters{"\\(", "\\)", false}, Delimiters{"$", "$", false}}) {
    if (!starts(text, pos, d.open)) continue;
    const std::size_t start = pos + d.open.size();
    const auto close = find_close(text, start, d.close);
    if (close == std::string_view::npos || close == start) return std::nullopt;
    out.markdown += placeholder(out.spans.size());
    out.spans.push_back({std::string(text.substr(start, close - start)), d.display});
    return close + d.close.size();
  }
  return std::nullopt;
}

}  // namespace

ProtectedMarkdown protect_math(std::string_view text) {
  ProtectedMarkdown out;
  bool in_fence = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool fence = is_fence(text, i);
    if (fence || in_fence) {  // fenced code is copied line by line as it is
      in_fence = fence ? !in_fence : in_fence;
      const auto end = std::min(text.find('\n', i), text.size());
      out.markdown.append(text.substr(i, end + 1 - i));
      i = end;
      continue;
    }
    if (text[i] == '`') {  // a code span: copied as it is, up to the same run of backticks
      const std::size_t run = std::min(text.find_first_not_of('`', i), text.size()) - i;
      const auto end = text.find(std::string(run, '`'), i + run);
      const std::size_t stop = end == std::string_view::npos ? i + run : end + run;
      out.markdown.append(text.substr(i, stop - i));
      i = stop - 1;
      continue;
    }
    if (starts(text, i, "\\$")) {
      out.markdown += "\\$";
      ++i;
      continue;
    }
    if (const auto after = take_math(text, i, out)) {
      i = *after - 1;
      continue;
    }
    out.markdown += text[i];
  }
  return out;
}

std::string restore_math(std::string_view html, const std::vector<MathSpan>& spans) {
  std::string out;
  bool in_tag = false;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') in_tag = true;
    if (html[i] == '>') in_tag = false;
    if (!starts(html, i, "GBXMATH")) {
      out += html[i];
      continue;
    }
    std::size_t end = i + 7, index = 0;
    while (end < html.size() && std::isdigit(static_cast<unsigned char>(html[end])))
      index = index * 10 + static_cast<std::size_t>(html[end++] - '0');
    if (end == i + 7 || end >= html.size() || html[end] != 'Z' || index >= spans.size()) {
      out += html[i];
      continue;
    }
    const auto& span = spans[index];
    const std::string delimiter = span.display ? "$$" : "$";
    if (in_tag)
      out += escape_html(delimiter + span.tex + delimiter);
    else
      out += "<span " + std::string(kMathClass) + (span.display ? "display" : "inline") + "\">" +
             escape_html(span.tex) + "</span>";
    i = end;
  }
  return out;
}

}  // namespace gradebox::feedback
