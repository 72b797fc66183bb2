// Outputs: student text escaped, HTML shown as text, images inline only when they are images.
#include "grader/feedback/output_render.hpp"

#include <catch2/catch.hpp>

using gradebox::feedback::render_output;
using gradebox::feedback::render_outputs;
using gradebox::notebook::Json;

namespace {
Json display(Json data) {
  return {{"output_type", "display_data"}, {"data", std::move(data)}, {"metadata", Json::object()}};
}
}  // namespace

TEST_CASE("stream output with a script tag is escaped", "[feedback]") {
  const auto html = render_output(
      {{"output_type", "stream"}, {"name", "stdout"}, {"text", {"<script>alert(1)</script>\n"}}});
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("class=\"stream stdout\"") != std::string::npos);
}

TEST_CASE("text/html output is shown as escaped text, never as markup", "[feedback]") {
  const auto html = render_output(
      display({{"text/html",
                "<img src=x onerror=\"document.title='PWNED'\"><a href=\"javascript:x()\">"}}));
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<a ") == std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=&quot;") != std::string::npos);
  CHECK(html.find("text/html output, shown as text") != std::string::npos);
}

TEST_CASE("text/plain is preferred over text/html", "[feedback]") {
  const auto html = render_output(display({{"text/html", "<b>x</b>"}, {"text/plain", "   a  b"}}));
  CHECK(html.find("   a  b") != std::string::npos);
  CHECK(html.find("&lt;b&gt;") == std::string::npos);
}

TEST_CASE("svg output is not interpreted", "[feedback]") {
  const auto html = render_output(display({{"image/svg+xml", "<svg onload=\"alert(1)\"></svg>"}}));
  CHECK(html.find("<svg") == std::string::npos);
}

TEST_CASE("markdown output goes through safe markdown", "[feedback]") {
  const auto html = render_output(
      display({{"text/markdown", "[x](javascript:alert(1)) <script>bad()</script>"}}));
  CHECK(html.find("javascript:") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
}

TEST_CASE("PNG and JPEG outputs are inlined as data URIs", "[feedback]") {
  const auto png = render_output(
      {{"output_type", "execute_result"},
       {"execution_count", 1},
       {"data", {{"image/png", "iVBORw0KGgoAAAANSUhEUg==\n"}, {"text/plain", "<Figure>"}}},
       {"metadata", Json::object()}});
  CHECK(png.find("<img class=\"output-image\" alt=\"image/png output\" "
                 "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\">") != std::string::npos);
  CHECK(png.find("&lt;Figure&gt;") == std::string::npos);
  const auto jpeg = render_output(display({{"image/jpeg", "/9j/4AAQSkZJRg=="}}));
  CHECK(jpeg.find("src=\"data:image/jpeg;base64,/9j/4AAQSkZJRg==\"") != std::string::npos);
}

TEST_CASE("an image that is not valid base64 image data is a note, not an img", "[feedback]") {
  const auto html = render_output(display({{"image/png", "x\" onerror=\"alert(1)"}}));
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("not valid base64 image data") != std::string::npos);
}

TEST_CASE("errors show the traceback without ANSI codes", "[feedback]") {
  const auto html = render_output({{"output_type", "error"},
                                   {"ename", "AssertionError"},
                                   {"evalue", "<b>"},
                                   {"traceback", {"\x1b[0;31mAssertionError\x1b[0m: <b>"}}});
  CHECK(html.find("class=\"error\"") != std::string::npos);
  CHECK(html.find("AssertionError: &lt;b&gt;") != std::string::npos);
  CHECK(html.find("\x1b") == std::string::npos);
}

TEST_CASE("malformed outputs never throw", "[feedback]") {
  CHECK(render_output(Json(42)).find("malformed") != std::string::npos);
  CHECK_NOTHROW(render_output({{"output_type", "stream"}, {"name", 7}, {"text", 3}}));
  CHECK(render_output({{"output_type", "display_data"}, {"data", {{"application/x-weird", 1}}}})
            .find("not shown") != std::string::npos);
  CHECK(render_outputs({{"cell_type", "code"}, {"outputs", Json::array()}}).empty());
}

TEST_CASE("a failing visible test shows the line that failed, from the source it ran",
          "[feedback]") {
  const std::string source =
      "\"\"\"Check squares\"\"\"\nassert squares(1) == [1]\nassert squares(2) == [1, 4]";
  const Json error = {{"output_type", "error"},
                      {"ename", "AssertionError"},
                      {"evalue", ""},
                      {"traceback",
                       {"\x1b[0;31mAssertionError\x1b[0m  Traceback (most recent call last)",
                        "File \x1b[0;32m<locked cell correct_squares>:3\x1b[0m",
                        "\x1b[0;31mAssertionError\x1b[0m: "}}};
  const auto html = render_output(error, &source);
  CHECK(html.find("failed at line 3: assert squares(2) == [1, 4]") != std::string::npos);
  // Without the source (hidden tests), only the traceback.
  CHECK(render_output(error).find("failed at line") == std::string::npos);
  CHECK(gradebox::feedback::failing_locked_line("File \"<locked cell a>\", line 12, in <module>") ==
        12u);
  CHECK_FALSE(gradebox::feedback::failing_locked_line("File <ipython-input-1>:3"));
  // A line number past the end of the source shows nothing rather than a wrong line.
  const std::string short_source = "x";
  CHECK(render_output(error, &short_source).find("failed at line") == std::string::npos);
}
