// html_escape and image_data_uri: what may reach the page's markup from student bytes.
#include <catch2/catch.hpp>

#include "grader/feedback/html_escape.hpp"
#include "grader/feedback/image_data_uri.hpp"
#include "grader/feedback/relative_href.hpp"

using namespace gradebox::feedback;

TEST_CASE("escape_html makes markup inert in content and attributes", "[feedback]") {
  CHECK(escape_html("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(escape_html("<img src=x onerror=\"alert(1)\">") ==
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  CHECK(escape_html("a & b") == "a &amp; b");
  CHECK(escape_html("π ≈ 3.14") == "π ≈ 3.14");
}

TEST_CASE("escape_html replaces invalid UTF-8 so the page stays well-formed", "[feedback]") {
  CHECK(escape_html(std::string("ok\xff<")) == "ok\xEF\xBF\xBD&lt;");
  CHECK(escape_html(std::string("\xc3")) == "\xEF\xBF\xBD");
}

TEST_CASE("strip_terminal_codes drops ANSI colours and controls but keeps text", "[feedback]") {
  CHECK(strip_terminal_codes("\x1b[0;31mValueError\x1b[0m: bad\n") == "ValueError: bad\n");
  CHECK(strip_terminal_codes("\x1b]0;title\x07"
                             "after") == "after");
  CHECK(strip_terminal_codes(std::string("a\0b\tc", 5)) == "ab\tc");
}

TEST_CASE("image_data_uri accepts only real PNG/JPEG base64", "[feedback]") {
  // 8-byte PNG signature + "IHDR"-ish bytes, base64 with a line break as nbformat writers leave.
  const std::string png = "iVBORw0KGgoAAAANSUhEUg==\n";
  const auto uri = image_data_uri("image/png", png);
  REQUIRE(uri);
  CHECK(*uri == "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==");
  CHECK(image_data_uri("image/jpeg", "/9j/4AAQSkZJRg==").has_value());
  CHECK_FALSE(image_data_uri("image/png", "/9j/4AAQSkZJRg=="));  // JPEG bytes labelled PNG
  CHECK_FALSE(image_data_uri("image/png", "iVBORw0K\"onerror=alert(1)"));  // not base64
  CHECK_FALSE(image_data_uri("image/png", "iVBORw0KGgoAAAANSUhEUg="));     // bad length
  CHECK_FALSE(image_data_uri("image/svg+xml", "PHN2Zz4="));                // not an inline type
  CHECK_FALSE(image_data_uri("image/png", ""));
}

TEST_CASE("index links are relative and percent-encoded per segment", "[feedback]") {
  using gradebox::feedback::relative_href;
  CHECK(relative_href({"alice", "ps1", "problem1.html"}) == "./alice/ps1/problem1.html");
  // A scheme-like id stays a relative path: no browser reads "./https%3A..." as another site.
  CHECK(relative_href({"https:attacker.example", "ps1", "p.html"}) ==
        "./https%3Aattacker.example/ps1/p.html");
  CHECK(relative_href({"//evil.example", "a", "b.html"}) == "./%2F%2Fevil.example/a/b.html");
  CHECK(relative_href({"a\"><script>", "ps1", "x y.html"}) ==
        "./a%22%3E%3Cscript%3E/ps1/x%20y.html");
  CHECK(relative_href({"bob", "ps1", "part2", "b.html"}) == "./bob/ps1/part2/b.html");
  CHECK(relative_href({"j\xc3\xbcrgen", "ps1", "p.html"}) == "./j%C3%BCrgen/ps1/p.html");
}
