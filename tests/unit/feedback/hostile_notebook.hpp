// A small autograded notebook for the feedback tests: a hidden test whose source and output hold
// a secret, hostile markdown and outputs, a manual answer, and metadata.gradebox as autograde
// writes it.
#pragma once

#include <string>

#include "grader/notebook/notebook.hpp"

namespace gradebox::feedback::testing {

inline constexpr const char* kHiddenSecret = "SECRET_HIDDEN_42";

inline notebook::Json grade_meta(const char* id, bool grade, bool solution, double points) {
  notebook::Json nb = {{"grade", grade},
                       {"solution", solution},
                       {"locked", !solution},
                       {"grade_id", id},
                       {"schema_version", 3}};
  if (grade) nb["points"] = points;
  return nb;
}

inline notebook::Notebook hostile_autograded_notebook() {
  using notebook::Json;
  Json cells = Json::array();
  cells.push_back({{"cell_type", "markdown"},
                   {"metadata", Json::object()},
                   {"source",
                    "# Problem 1\n<script>document.title='PWNED'</script>\n"
                    "[click](javascript:document.title='PWNED')\n"}});
  cells.push_back(
      {{"cell_type", "code"},
       {"execution_count", 1},
       {"metadata",
        {{"nbgrader", grade_meta("answer", false, true, 0)}, {"gradebox", {{"verdict", "ok"}}}}},
       {"outputs",
        {{{"output_type", "stream"},
          {"name", "stdout"},
          {"text", "<script>document.title='PWNED'</script>\n"}},
         {{"output_type", "display_data"},
          {"metadata", Json::object()},
          {"data", {{"text/html", "<img src=x onerror=\"document.title='PWNED'\">"}}}},
         {{"output_type", "display_data"},
          {"metadata", Json::object()},
          {"data", {{"image/png", "iVBORw0KGgoAAAANSUhEUg==\n"}}}}}},
       {"source", "def f(x):\n    return x\n"}});
  cells.push_back(
      {{"cell_type", "code"},
       {"execution_count", 2},
       {"metadata",
        {{"nbgrader", grade_meta("test_hidden", true, false, 2)},
         {"gradebox",
          {{"verdict", "error"},
           {"reason", std::string("AssertionError: f(2) != ") + kHiddenSecret},
           {"score", {{"points", 0}, {"max_points", 2}, {"status", "auto"}}}}}}},
       {"outputs",
        {{{"output_type", "error"},
          {"ename", "AssertionError"},
          {"evalue", std::string("f(2) != ") + kHiddenSecret},
          {"traceback", {std::string("AssertionError: f(2) != ") + kHiddenSecret}}}}},
       {"source", std::string("assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(2) == ") +
                      kHiddenSecret + "\n### END HIDDEN TESTS\n"}});
  cells.push_back(
      {{"cell_type", "code"},
       {"execution_count", 3},
       {"metadata",
        {{"nbgrader", grade_meta("test_visible", true, false, 1)},
         {"gradebox",
          {{"verdict", "ok"}, {"score", {{"points", 1}, {"max_points", 1}, {"status", "auto"}}}}}}},
       {"outputs", {{{"output_type", "stream"}, {"name", "stdout"}, {"text", "Success!\n"}}}},
       {"source", "assert f(3) == 3\nprint('Success!')\n"}});
  cells.push_back({{"cell_type", "markdown"},
                   {"metadata", {{"nbgrader", grade_meta("essay", true, true, 2)}}},
                   {"source", "My answer <img src=x onerror=alert(1)>\n"}});
  Json doc = {{"cells", cells},
              {"metadata",
               {{"kernelspec",
                 {{"name", "python3"}, {"display_name", "Python 3"}, {"language", "python"}}}}},
              {"nbformat", 4},
              {"nbformat_minor", 5}};
  return notebook::Notebook::from_text(doc.dump(), "problem1.ipynb");
}

}  // namespace gradebox::feedback::testing
