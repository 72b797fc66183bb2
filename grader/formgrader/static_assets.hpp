// The files the formgrader serves from its own origin under static/, read once at start-up: its
// script (grading_script.hpp: keys, saving, math) and KaTeX from Debian's libjs-katex
// (katex.min.js, katex.min.css and the woff2 fonts the stylesheet names; absent when the package
// is not installed, and math then stays TeX text). Pages load them by URL with the content's hash
// in the query, so browsers may cache them for good and a new binary still gets its own script.
// No inline script is left on any page: the policy's script-src is 'self' alone.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace gradebox::formgrader {

struct StaticAsset {
  std::string content;
  std::string content_type;
  std::string version;  // a prefix of the content's SHA-256
};

class StaticAssets {
 public:
  // `katex_dir`: a folder holding katex.min.js, katex.min.css and fonts/.
  explicit StaticAssets(const std::filesystem::path& katex_dir);

  // By name below static/ ("formgrader.js", "katex/fonts/KaTeX_Main-Regular.woff2"); nullptr when
  // there is no such asset.
  const StaticAsset* find(const std::string& name) const;
  // "<base>static/<name>?v=<version>", for an asset that exists.
  std::string url(const std::string& base, const std::string& name) const;
  bool has_katex() const { return assets_.count("katex/katex.min.js") != 0; }

 private:
  void add(const std::string& name, std::string content, const std::string& content_type);
  std::map<std::string, StaticAsset> assets_;
};

}  // namespace gradebox::formgrader
