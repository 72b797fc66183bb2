// Markdown through cmark-gfm's safe mode: raw HTML and javascript: URLs never reach the page.
#include "grader/feedback/markdown_render.hpp"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>

using gradebox::feedback::render_markdown;

TEST_CASE("markdown renders GitHub-flavoured structure", "[feedback]") {
  const auto html =
      render_markdown("# Title\n\n*em* ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
  CHECK(html.find("<h1>Title</h1>") != std::string::npos);
  CHECK(html.find("<em>em</em>") != std::string::npos);
  CHECK(html.find("<del>gone</del>") != std::string::npos);
  CHECK(html.find("<table>") != std::string::npos);
}

TEST_CASE("markdown drops raw HTML: script and img onerror", "[feedback]") {
  const auto html = render_markdown(
      "Hi <script>document.title='PWNED'</script>\n\n<img src=x onerror=\"alert(1)\">\n\n"
      "<div onmouseover=\"alert(2)\">x</div>\n");
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("onerror") == std::string::npos);
  CHECK(html.find("onmouseover") == std::string::npos);
  CHECK(html.find("raw HTML omitted") != std::string::npos);
}

TEST_CASE("markdown empties javascript: and other unsafe link targets", "[feedback]") {
  const auto html = render_markdown(
      "[click](javascript:alert(1)) [v](vbscript:msgbox) [f](file:///etc/passwd) "
      "![i](javascript:alert(2)) [ok](https://example.org/)\n\n<javascript:alert(3)>\n");
  // The URLs are emptied; an autolink's visible text may still read "javascript:...".
  CHECK(html.find("href=\"javascript:") == std::string::npos);
  CHECK(html.find("src=\"javascript:") == std::string::npos);
  CHECK(html.find("href=\"vbscript:") == std::string::npos);
  CHECK(html.find("href=\"file:") == std::string::npos);
  CHECK(html.find("<a href=\"\">click</a>") != std::string::npos);
  CHECK(html.find("href=\"https://example.org/\"") != std::string::npos);
}

TEST_CASE("markdown with invalid UTF-8 still renders", "[feedback]") {
  const auto html = render_markdown(std::string("bad \xff byte"));
  CHECK(html.find("bad") != std::string::npos);
  CHECK(html.find("\xff") == std::string::npos);
}

TEST_CASE("LaTeX is kept away from markdown and becomes escaped math spans", "[feedback]") {
  const auto html = render_markdown(
      "Sum $a_1 * b_2 < c$ and\n\n$$\\sum_{i=1}^n i^2$$\n\n`$not math$`\n\n"
      "```\n$x$\n```\n\nA price of \\$5 and \\(x_i\\).");
  CHECK(html.find("<span class=\"math inline\">a_1 * b_2 &lt; c</span>") != std::string::npos);
  CHECK(html.find("<span class=\"math display\">\\sum_{i=1}^n i^2</span>") != std::string::npos);
  CHECK(html.find("<code>$not math$</code>") != std::string::npos);
  CHECK(html.find("<code>$x$\n</code>") != std::string::npos);
  CHECK(html.find("<span class=\"math inline\">x_i</span>") != std::string::npos);
  CHECK(html.find("<em>") == std::string::npos);  // the * and _ of the TeX stayed TeX
  // TeX in an image's alt text stays text inside the attribute.
  const auto alt = render_markdown("![$x\"$](attachment:none.png)");
  CHECK(alt.find("alt=\"$x&quot;$\"") != std::string::npos);
  // Unclosed and empty delimiters, and math across a blank line, are plain text.
  CHECK(render_markdown("costs $5 only").find("math") == std::string::npos);
  CHECK(render_markdown("empty $$$$ here").find("math") == std::string::npos);
  CHECK(render_markdown("$a\n\nb$").find("math") == std::string::npos);
}

TEST_CASE("markdown images: attachments and course files inline, nothing else", "[feedback]") {
  namespace fs = std::filesystem;
  using gradebox::feedback::MarkdownImageSources;
  const fs::path docs =
      fs::path(GRADEBOX_SOURCE_DIR) / "tests/fixtures/nbgrader-docs-course/release/ps1";
  const gradebox::notebook::Json attachments = {
      {"dot.png", {{"image/png", "iVBORw0KGgoAAAANSUhEUg=="}}},
      {"fake.png", {{"image/png", "PHN2Zz48L3N2Zz4="}}}};  // "<svg></svg>", not a PNG
  const MarkdownImageSources images{&attachments, docs};
  const auto html = render_markdown(
      "![](jupyter.png) ![](attachment:dot.png) ![](attachment:fake.png) "
      "![](../ps1/jupyter.png) ![](/etc/passwd) ![](problem1.ipynb) "
      "![](https://example.com/x.png)",
      &images);
  CHECK(html.find("src=\"data:image/png;base64,iVBORw0KGgo") != std::string::npos);
  CHECK(html.find("src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\"") != std::string::npos);
  CHECK(html.find("src=\"attachment:fake.png\"") != std::string::npos);
  CHECK(html.find("src=\"../ps1/jupyter.png\"") != std::string::npos);  // "..": not read
  CHECK(html.find("src=\"/etc/passwd\"") != std::string::npos);
  CHECK(html.find("src=\"problem1.ipynb\"") != std::string::npos);  // not an image
  CHECK(html.find("src=\"https://example.com/x.png\"") != std::string::npos);
  // A link in the folder is not followed, even to an image.
  std::string pattern = (fs::temp_directory_path() / "gradebox-images-XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()));
  const fs::path folder = pattern;
  fs::create_symlink(docs / "jupyter.png", folder / "linked.png");
  const MarkdownImageSources linked{nullptr, folder};
  CHECK(render_markdown("![](linked.png)", &linked).find("data:") == std::string::npos);
  fs::remove_all(folder);
}
