// Owns inlining KaTeX into feedback pages (see katex_assets.hpp).
#include "grader/feedback/katex_assets.hpp"

#include <fstream>
#include <sstream>

#include "grader/feedback/feedback_page.hpp"
#include "grader/records/base64.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::feedback {
namespace fs = std::filesystem;
namespace {

constexpr const char* kRenderMath =
    "document.querySelectorAll('span.math').forEach(function(e){try{katex.render(e.textContent,e,"
    "{displayMode:e.classList.contains('display'),throwOnError:false});}catch(x){}});";

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// url(fonts/X.woff2) -> url(data:font/woff2;base64,...); other formats are left to the CSP.
std::string inline_fonts(std::string css, const fs::path& fonts) {
  constexpr std::string_view kPrefix = "url(fonts/";
  for (auto at = css.find(kPrefix); at != std::string::npos; at = css.find(kPrefix, at + 1)) {
    const auto close = css.find(')', at);
    if (close == std::string::npos) break;
    const std::string name = css.substr(at + kPrefix.size(), close - at - kPrefix.size());
    if (name.size() < 6 || name.compare(name.size() - 6, 6, ".woff2") != 0 ||
        name.find('/') != std::string::npos)
      continue;
    const auto font = read_whole(fonts / name);
    if (!font) continue;
    css.replace(at, close - at, "url(data:font/woff2;base64," + records::base64_encode(*font));
  }
  return css;
}

std::string script_hash(const std::string& script) {
  return "'sha256-" + records::base64_encode(records::sha256_raw(script)) + "'";
}

}  // namespace

std::optional<InlineKatex> load_katex(const fs::path& folder) {
  const auto css = read_whole(folder / "katex.min.css");
  const auto js = read_whole(folder / "katex.min.js");
  if (!css || !js || css->find("</style") != std::string::npos ||
      js->find("</script") != std::string::npos)
    return std::nullopt;
  InlineKatex katex;
  katex.style = "<style>" + inline_fonts(*css, folder / "fonts") + "</style>\n";
  katex.scripts = "<script>" + *js + "</script>\n<script>" + kRenderMath + "</script>\n";
  katex.csp = std::string(kContentSecurityPolicy) + "; font-src data:; script-src " +
              script_hash(*js) + " " + script_hash(kRenderMath);
  return katex;
}

const std::optional<InlineKatex>& inline_katex() {
  static const std::optional<InlineKatex> katex = load_katex(kKatexDir);
  return katex;
}

}  // namespace gradebox::feedback
