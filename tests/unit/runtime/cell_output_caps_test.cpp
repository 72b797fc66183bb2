// The runtime's caps on one cell's output (kernel/runtime/cell_output_caps.hpp), without a worker.
#include "kernel/runtime/cell_output_caps.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using gradebox::runtime::CellOutputCaps;
using gradebox::sandbox::Limits;

namespace {

std::vector<std::string> numbered_lines(int count) {
  std::vector<std::string> lines;
  for (int i = 0; i < count; ++i) lines.push_back("line " + std::to_string(i) + "\n");
  return lines;
}

long notices_in(const std::vector<std::string>& traceback) {
  return std::count_if(traceback.begin(), traceback.end(), [](const std::string& line) {
    return line.find("traceback lines not shown") != std::string::npos;
  });
}

}  // namespace

TEST_CASE("a long traceback keeps its last lines, the error's name, after one notice",
          "[runtime][limits]") {
  Limits limits;
  limits.traceback_lines = 100;
  CellOutputCaps caps(limits);
  std::vector<std::string> traceback = numbered_lines(3000);
  traceback.push_back("RecursionError: maximum recursion depth exceeded\n");
  caps.cap_traceback(traceback);
  CHECK(traceback.size() == 100);
  CHECK(traceback.front() == "line 0\n");
  CHECK(traceback.back() == "RecursionError: maximum recursion depth exceeded\n");
  CHECK(traceback[traceback.size() - 2] == "line 2999\n");
  CHECK(notices_in(traceback) == 1);
  CHECK(caps.truncated());
  CHECK_FALSE(caps.lines_cut());
  CHECK_FALSE(caps.take_line_notice());  // a cut traceback is no cut stream
}

TEST_CASE("nbgrader's infinite-recursion traceback keeps its error line after one notice",
          "[runtime][limits]") {
  std::ifstream file(GRADEBOX_SOURCE_DIR
                     "/tests/fixtures/nbgrader/preprocessors/infinite-recursion.ipynb");
  const auto notebook = nlohmann::json::parse(file);
  std::vector<std::string> traceback = notebook["cells"][0]["outputs"][0]["traceback"];
  REQUIRE(traceback.size() > 100);
  const std::string error_line = traceback.back();  // "RuntimeError: maximum recursion depth ..."
  Limits limits;
  limits.traceback_lines = 100;
  CellOutputCaps caps(limits);
  caps.cap_traceback(traceback);
  CHECK(traceback.size() == 100);
  CHECK(traceback.back() == error_line);
  CHECK(notices_in(traceback) == 1);
}

TEST_CASE("a traceback within the cap, or with no cap, is left alone", "[runtime][limits]") {
  Limits limits;
  limits.traceback_lines = 5;
  CellOutputCaps caps(limits);
  std::vector<std::string> short_one = numbered_lines(5);
  caps.cap_traceback(short_one);
  CHECK(short_one == numbered_lines(5));
  CHECK_FALSE(caps.truncated());

  CellOutputCaps uncapped{Limits{}};
  std::vector<std::string> long_one = numbered_lines(500);
  uncapped.cap_traceback(long_one);
  CHECK(long_one.size() == 500);
}

TEST_CASE("even a cap of one line keeps the traceback's last line", "[runtime][limits]") {
  Limits limits;
  limits.traceback_lines = 1;
  CellOutputCaps caps(limits);
  std::vector<std::string> traceback = numbered_lines(10);
  caps.cap_traceback(traceback);
  REQUIRE(traceback.size() == 2);
  CHECK(notices_in(traceback) == 1);
  CHECK(traceback.back() == "line 9\n");
}

TEST_CASE("stream lines past the cap are dropped with one notice", "[runtime][limits]") {
  Limits limits;
  limits.output_lines = 3;
  CellOutputCaps caps(limits);
  CHECK(caps.within_line_cap("a\nb\n") == "a\nb\n");
  CHECK_FALSE(caps.take_line_notice());
  CHECK(caps.within_line_cap("c\nd\ne\n") == "c\n");
  CHECK(caps.take_line_notice() == "[gradebox: output truncated after 3 lines]\n");
  CHECK(caps.within_line_cap("f\n").empty());
  CHECK_FALSE(caps.take_line_notice());
  CHECK(caps.lines_cut());
}

TEST_CASE("stream text is cut at the byte cap on a character boundary", "[runtime][limits]") {
  Limits limits;
  limits.output_bytes = 4;
  CellOutputCaps caps(limits);
  CHECK(caps.within_byte_cap("ab") == "ab");
  CHECK_FALSE(caps.over_byte_cap());
  CHECK(caps.within_byte_cap("c\xc3\xa9") == "c");  // "é" would straddle the cap
  CHECK(caps.over_byte_cap());
  CHECK(caps.within_byte_cap("more").empty());
}
