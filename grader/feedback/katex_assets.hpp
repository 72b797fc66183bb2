// KaTeX for pages with math: Debian's libjs-katex (/usr/share/javascript/katex), inlined so a
// page stays one self-contained file (no CDN, no other file to serve): its stylesheet with the
// woff2 fonts as data: URIs, katex.js, and a one-line script rendering every math span. The page's
// CSP then admits exactly these scripts by their SHA-256 and fonts from data: URIs; nothing else.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace gradebox::feedback {

struct InlineKatex {
  std::string style;    // <style>...</style> for the head
  std::string scripts;  // the <script> elements, for the end of the body
  std::string csp;      // the page's whole Content-Security-Policy with these scripts admitted
};

inline constexpr const char* kKatexDir = "/usr/share/javascript/katex";

// Loaded once per process; nullopt when KaTeX is not installed (math then stays TeX text).
const std::optional<InlineKatex>& inline_katex();

// Builds the assets from a KaTeX folder (katex.min.css, katex.min.js, fonts/); for tests.
std::optional<InlineKatex> load_katex(const std::filesystem::path& folder);

}  // namespace gradebox::feedback
