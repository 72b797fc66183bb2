// Notebook model: loading every fixture, byte-identical round trips, source forms, load errors.
#include "grader/notebook/notebook.hpp"

#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace gradebox::notebook;
using gradebox::test::fixture;
using gradebox::test::read_text;
using gradebox::test::TempDir;
using gradebox::test::write_text;

namespace {

std::vector<std::filesystem::path> all_fixture_notebooks() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(fixture("")))
    if (e.path().extension() == ".ipynb") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

NotebookError load_error(const std::string& text) {
  try {
    Notebook::from_text(text, "bad.ipynb");
  } catch (const NotebookError& e) {
    return e;
  }
  FAIL("no error for: " << text.substr(0, 80));
  throw;
}

}  // namespace

// Round trip: every fixture was written by Jupyter/nbformat, so loading and saving must give the
// same bytes. Bytes that MAY differ for other inputs (none of the fixtures): files not written by
// Jupyter (other indentation, unsorted keys: gradebox writes Jupyter's canonical form), integers
// beyond 64 bits (read as doubles), lone UTF-16 surrogate escapes (rejected), and duplicate keys
// (the last value wins, as in Python).
TEST_CASE("every nbgrader fixture loads and round-trips byte-identically", "[grader][notebook]") {
  const auto files = all_fixture_notebooks();
  REQUIRE(files.size() >= 50);
  for (const auto& file : files) {
    INFO(file.string());
    const std::string original = read_text(file);
    const Notebook nb = Notebook::load(file);
    CHECK(nb.json().at("nbformat") == 4);
    CHECK(nb.to_text() == original);
  }
}

TEST_CASE("save writes Jupyter's bytes atomically", "[grader][notebook]") {
  TempDir dir;
  const auto nb = Notebook::load(fixture("preprocessors/header.ipynb"));
  nb.save(dir.path() / "out.ipynb");
  CHECK(read_text(dir.path() / "out.ipynb") == read_text(fixture("preprocessors/header.ipynb")));
  CHECK(!std::filesystem::exists(dir.path() / "out.ipynb.tmp-gradebox"));
}

TEST_CASE("source as a string or a list of lines; unknown fields and key order kept",
          "[grader][notebook]") {
  const std::string text =
      R"({"zeta": {"b": 1, "a": [1.0, 1e-05, "é"]}, "metadata": {"custom": true},
    "nbformat": 4, "nbformat_minor": 5, "cells": [
    {"cell_type": "code", "id": "x1", "metadata": {}, "source": "a = 1\nb = 2", "outputs": [],
     "execution_count": null},
    {"cell_type": "markdown", "metadata": {}, "source": ["# T\n", "text"], "attachments": {}}]})";
  auto nb = Notebook::from_text(text, "mem.ipynb");
  CHECK(cell_source(nb.cell(0)) == "a = 1\nb = 2");
  CHECK(cell_source(nb.cell(1)) == "# T\ntext");
  // In memory the keys keep their order; Jupyter's writer sorts them.
  CHECK(nb.json().begin().key() == "zeta");
  const std::string preserved = nb.to_text(KeyOrder::preserved);
  CHECK(preserved.find("\"zeta\"") < preserved.find("\"metadata\""));
  const std::string sorted = nb.to_text();
  CHECK(sorted.find("\"cells\"") < sorted.find("\"zeta\""));
  CHECK(sorted.find("\"a\": [\n   1.0,\n   1e-05,\n   \"é\"\n  ]") != std::string::npos);
  CHECK(sorted.find("\"id\": \"x1\"") != std::string::npos);
  CHECK(sorted.find("\"attachments\": {}") != std::string::npos);
  // An unchanged string source stays a string; a set source becomes nbformat's list of lines.
  CHECK(sorted.find("\"source\": \"a = 1\\nb = 2\"") != std::string::npos);
  set_cell_source(nb.cell(0), "x\ny\n");
  CHECK(nb.cell(0)["source"] == Json::array({"x\n", "y\n"}));
  set_cell_source(nb.cell(0), "");
  CHECK(nb.cell(0)["source"] == Json::array());
}

TEST_CASE("JSON strings are escaped like Python's json module", "[grader][notebook]") {
  Json v = Json::object();
  static const char kRaw[] = "q\"b\\n\n\t\x01\x7f\xc3\xa9\xe2\x80\xa8";
  v["s"] = std::string(kRaw, sizeof kRaw - 1);
  CHECK(to_jupyter_json(v) ==
        "{\n \"s\": \"q\\\"b\\\\n\\n\\t\\u0001\x7f\xc3\xa9\xe2\x80\xa8\"\n}\n");
  CHECK(to_jupyter_json(Json::array()) == "[]\n");
  CHECK(to_jupyter_json(Json::object()) == "{}\n");
}

TEST_CASE("split_lines_keepends follows str.splitlines(True)", "[grader][notebook]") {
  using V = std::vector<std::string>;
  CHECK(split_lines_keepends("a\nb") == V{"a\n", "b"});
  CHECK(split_lines_keepends("a\r\nb\rc\n") == V{"a\r\n", "b\r", "c\n"});
  CHECK(split_lines_keepends("a\x0b"
                             "b\x0c"
                             "c") == V{"a\x0b", "b\x0c", "c"});
  CHECK(split_lines_keepends("a\xe2\x80\xa8"
                             "b") == V{"a\xe2\x80\xa8", "b"});
  CHECK(split_lines_keepends("").empty());
}

TEST_CASE("malformed JSON names the file, line and column", "[grader][notebook]") {
  const auto e = load_error("{\n \"cells\": [\n  {\"a\": 1,,}\n ]\n}\n");
  CHECK(e.file() == "bad.ipynb");
  CHECK(e.location() == "line 3, column 11");
  CHECK_THAT(e.message(), Catch::Contains("malformed JSON"));
  CHECK_THAT(std::string(e.what()), Catch::StartsWith("bad.ipynb (line 3, column 11)"));
}

TEST_CASE("truncated JSON reports the end of the text", "[grader][notebook]") {
  const auto e = load_error("{\n \"cells\": [\n");
  CHECK_THAT(e.location(), Catch::StartsWith("line 3"));
}

TEST_CASE("nbformat 3 is refused with a conversion hint", "[grader][notebook]") {
  const auto e =
      load_error(R"({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []})");
  CHECK_THAT(e.message(), Catch::Contains("nbformat 3 is not supported"));
  CHECK_THAT(e.hint(), Catch::Contains("--nbformat 4"));
  CHECK(e.location() == "/nbformat");
}

TEST_CASE("empty and whitespace-only files are errors", "[grader][notebook]") {
  CHECK(load_error("").message() == "file is empty");
  CHECK(load_error(" \n\t").message() == "file is empty");
}

TEST_CASE("invalid UTF-8 names the line, column and byte", "[grader][notebook]") {
  const auto e = load_error("{\"cells\": [],\n \"x\": \"ab\xff\"}");
  CHECK(e.message() == "text is not valid UTF-8");
  CHECK(e.location() == "line 2, column 10, byte 23");
  CHECK(first_invalid_utf8("\xed\xa0\x80") == 0);  // an encoded surrogate
  CHECK(first_invalid_utf8("\xc0\xaf") == 0);      // overlong
  CHECK(first_invalid_utf8("ok \xf0\x9f\x98\x80") == std::string_view::npos);
}

TEST_CASE("structural errors name the JSON location", "[grader][notebook]") {
  CHECK(load_error("[1, 2]").location() == "top level");
  CHECK(
      load_error(
          R"({"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "source": 5}]})")
          .location() == "/cells/0/source");
  CHECK(load_error(R"({"nbformat": 4, "metadata": {}})").location() == "/cells");
}

TEST_CASE("a notebook above the size limit is refused before reading", "[grader][notebook]") {
  TempDir dir;
  const auto path = dir.path() / "huge.ipynb";
  {
    std::ofstream out(path, std::ios::binary);
    out.seekp(50 * 1000 * 1000 - 1);
    out.put('}');
  }
  try {
    Notebook::load(path);
    FAIL("huge notebook loaded");
  } catch (const NotebookError& e) {
    CHECK(e.file() == path);
    CHECK_THAT(e.message(), Catch::Contains("50000000 bytes, more than the limit"));
  }
  CHECK_THROWS_AS(Notebook::load(dir.path() / "missing.ipynb"), NotebookError);
}
