// Owns the formgrader's static files (see static_assets.hpp).
#include "grader/formgrader/static_assets.hpp"

#include <vector>

#include "grader/formgrader/grading_script.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::formgrader {
namespace fs = std::filesystem;
namespace {

// The woff2 files the stylesheet names as url(fonts/X.woff2); browsers take woff2 first.
std::vector<std::string> woff2_fonts(const std::string& css) {
  constexpr std::string_view kPrefix = "url(fonts/";
  std::vector<std::string> names;
  for (auto at = css.find(kPrefix); at != std::string::npos; at = css.find(kPrefix, at + 1)) {
    const auto close = css.find(')', at);
    if (close == std::string::npos) break;
    const std::string name = css.substr(at + kPrefix.size(), close - at - kPrefix.size());
    if (name.size() > 6 && name.ends_with(".woff2") && name.find('/') == std::string::npos)
      names.push_back(name);
  }
  return names;
}

}  // namespace

StaticAssets::StaticAssets(const fs::path& katex_dir) {
  add("formgrader.js", std::string(grading_script()), "text/javascript; charset=utf-8");
  try {
    std::string css = records::read_file(katex_dir / "katex.min.css");
    std::map<std::string, std::string> fonts;
    for (const auto& name : woff2_fonts(css))
      fonts[name] = records::read_file(katex_dir / "fonts" / name);
    add("katex/katex.min.js", records::read_file(katex_dir / "katex.min.js"),
        "text/javascript; charset=utf-8");
    add("katex/katex.min.css", std::move(css), "text/css; charset=utf-8");
    for (auto& [name, bytes] : fonts) add("katex/fonts/" + name, std::move(bytes), "font/woff2");
  } catch (const std::exception&) {
    // libjs-katex is not installed (or incomplete): math stays TeX text, as documented.
  }
}

void StaticAssets::add(const std::string& name, std::string content,
                       const std::string& content_type) {
  const std::string version = records::sha256_hex(content).substr(0, 16);
  assets_[name] = {std::move(content), content_type, version};
}

const StaticAsset* StaticAssets::find(const std::string& name) const {
  const auto found = assets_.find(name);
  return found == assets_.end() ? nullptr : &found->second;
}

std::string StaticAssets::url(const std::string& base, const std::string& name) const {
  return base + "static/" + name + "?v=" + assets_.at(name).version;
}

}  // namespace gradebox::formgrader
