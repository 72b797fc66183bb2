// Markdown through cmark-gfm's safe mode: raw HTML and javascript: URLs never reach the page.
#include <catch2/catch.hpp>

#include "grader/feedback/markdown_render.hpp"

using gradebox::feedback::render_markdown;

TEST_CASE("markdown renders GitHub-flavoured structure", "[feedback]") {
  const auto html = render_markdown("# Title\n\n*em* ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
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
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("vbscript:") == std::string::npos);
  CHECK(html.find("file:") == std::string::npos);
  CHECK(html.find("href=\"https://example.org/\"") != std::string::npos);
}

TEST_CASE("markdown with invalid UTF-8 still renders", "[feedback]") {
  const auto html = render_markdown(std::string("bad \xff byte"));
  CHECK(html.find("bad") != std::string::npos);
  CHECK(html.find("\xff") == std::string::npos);
}
