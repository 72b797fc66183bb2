// LaTeX in markdown cells, kept away from the markdown parser as Jupyter does (its remove_math):
// $...$ and \(...\) inline, $$...$$ and \[...\] display, outside code spans and fenced blocks,
// never across a blank line; \$ is a dollar. Each becomes a placeholder before cmark runs and,
// afterwards, <span class="math inline|display"> holding the escaped TeX, which the page's
// KaTeX renders (katex_assets.hpp); without KaTeX the TeX stays readable as text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gradebox::feedback {

struct MathSpan {
  std::string tex;  // without its delimiters
  bool display = false;
};

struct ProtectedMarkdown {
  std::string markdown;         // math replaced by placeholders
  std::vector<MathSpan> spans;  // in order of their placeholders
};

ProtectedMarkdown protect_math(std::string_view markdown);

// Puts the math back into cmark's HTML: spans in text, the escaped TeX with its delimiters
// inside a tag's attributes (an image's alt text).
std::string restore_math(std::string_view html, const std::vector<MathSpan>& spans);

// The class every math span carries (the page includes KaTeX only when it occurs).
inline constexpr std::string_view kMathClass = "class=\"math ";

}  // namespace gradebox::feedback
