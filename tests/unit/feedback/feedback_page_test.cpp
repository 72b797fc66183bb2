// Page assembly: score at the top, CSP, hidden tests withheld unless asked, hostile input inert.
#include "grader/feedback/feedback_page.hpp"

#include <catch2/catch.hpp>
#include <regex>

#include "grader/feedback/autograded_metadata.hpp"
#include "grader/feedback/katex_assets.hpp"
#include "hostile_notebook.hpp"

using namespace gradebox::feedback;
using gradebox::feedback::testing::hostile_autograded_notebook;
using gradebox::feedback::testing::kHiddenSecret;

namespace {

PageContext context_for(bool show_hidden) {
  PageContext context;
  context.course = "cs101";
  context.assignment = "ps1";
  context.student = "mallory";
  context.notebook = "problem1.ipynb";
  context.show_hidden = show_hidden;
  context.assignment_points_milli = 1000;
  context.assignment_max_milli = 5000;
  return context;
}

bool contains(const std::string& html, const std::string& text) {
  return html.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("the adapter reads autograde's metadata.gradebox", "[feedback]") {
  const auto grades = grades_from_autograded_metadata(hostile_autograded_notebook());
  REQUIRE(grades.cells.size() == 3);
  CHECK(grades.cells.at("test_hidden").verdict == "error");
  CHECK(grades.cells.at("test_hidden").max_milli == 2000);
  CHECK(grades.cells.at("test_visible").points_milli == 1000);
  CHECK(grades.cells.at("essay").manual);
  CHECK(grades.points_milli() == 1000);
  CHECK(grades.max_milli() == 5000);
}

TEST_CASE("a page has the CSP, the score first and every cell", "[feedback]") {
  const auto nb = hostile_autograded_notebook();
  const auto html =
      render_feedback_page(nb, grades_from_autograded_metadata(nb), context_for(false));
  CHECK(contains(html,
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                 "'none'; img-src data:; style-src 'unsafe-inline'\">"));
  const auto score = html.find("Score: 1 / 5");
  REQUIRE(score != std::string::npos);
  CHECK(score < html.find("<section"));
  CHECK(contains(html, "id=\"cell-test_visible\""));
  CHECK(contains(html, "Success!"));
  CHECK(contains(html, "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==\""));
  CHECK(contains(html, "<h1>Problem 1</h1>"));
}

TEST_CASE("hostile markdown and outputs are inert on the page", "[feedback]") {
  const auto nb = hostile_autograded_notebook();
  const auto html =
      render_feedback_page(nb, grades_from_autograded_metadata(nb), context_for(true));
  CHECK_FALSE(contains(html, "<script"));
  CHECK_FALSE(contains(html, "href=\"javascript:"));
  CHECK_FALSE(contains(html, "<img src=x"));
  CHECK_FALSE(std::regex_search(html, std::regex("<[^>]*\\son[a-z]+=")));  // no handler in a tag
  CHECK(contains(html, "&lt;script&gt;document.title="));
}

TEST_CASE("hidden tests and their output are absent unless show_hidden", "[feedback]") {
  const auto nb = hostile_autograded_notebook();
  const auto grades = grades_from_autograded_metadata(nb);
  const auto student = render_feedback_page(nb, grades, context_for(false));
  CHECK_FALSE(contains(student, kHiddenSecret));
  CHECK_FALSE(contains(student, "BEGIN HIDDEN TESTS"));
  CHECK(contains(student, "assert f(1) == 1"));  // the visible part of the test stays
  CHECK(contains(student, "their source and this cell's output are not shown"));
  CHECK(contains(student, "0 / 2 points"));  // the verdict and points still show

  const auto instructor = render_feedback_page(nb, grades, context_for(true));
  CHECK(contains(instructor, kHiddenSecret));
  CHECK(contains(instructor, "BEGIN HIDDEN TESTS"));
}

TEST_CASE("the master copy's hidden ids withhold output even without markers", "[feedback]") {
  auto nb = hostile_autograded_notebook();
  // Markers gone from the autograded source (e.g. an older autograde): the master still knows.
  gradebox::notebook::set_cell_source(nb.cell(2), "assert f(1) == 1\nassert f(2) == 2\n");
  auto context = context_for(false);
  context.hidden_tests = {{"test_hidden", "assert f(1) == 1\n"}};
  const auto html = render_feedback_page(nb, grades_from_autograded_metadata(nb), context);
  CHECK_FALSE(contains(html, kHiddenSecret));
  CHECK_FALSE(contains(html, "assert f(2) == 2"));  // the master's visible source is shown
  CHECK(contains(html, "assert f(1) == 1"));
}

TEST_CASE("tampering, late penalty and manual comments are shown", "[feedback]") {
  const auto nb = hostile_autograded_notebook();
  auto grades = grades_from_autograded_metadata(nb);
  grades.tampering.push_back({"test_visible", 3, "edited_test", "the test <b>was</b> edited"});
  grades.cells.at("essay").points_milli = 1500;
  grades.cells.at("essay").manually_graded = true;
  grades.cells.at("essay").comment = "Good <i>start</i>";
  auto context = context_for(false);
  context.late = LateNote{"2026-11-21T01:00:00Z", "2026-11-20T23:59:00Z", 3660, 500, "per-day:10%"};
  const auto html = render_feedback_page(nb, grades, context);
  CHECK(contains(html, "Score: 2.5 / 5"));
  CHECK(contains(html, "late penalty &minus;0.5"));
  CHECK(contains(html, "late by 1 h 1 min"));
  CHECK(contains(html, "<code>edited_test</code>"));
  CHECK(contains(html, "the test &lt;b&gt;was&lt;/b&gt; edited"));
  CHECK(contains(html, "Good &lt;i&gt;start&lt;/i&gt;"));
  CHECK(contains(html, "graded by hand"));
}

TEST_CASE("notes are shown apart from tampering findings", "[feedback]") {
  const auto nb = hostile_autograded_notebook();
  auto grades = grades_from_autograded_metadata(nb);
  const auto before = render_feedback_page(nb, grades, context_for(false));
  CHECK_FALSE(contains(before, "Notes on grading"));
  grades.notes.push_back({"essay", 2, "duplicate_grade_id", "pasted <twice>"});
  const auto html = render_feedback_page(nb, grades, context_for(false));
  CHECK(contains(html, "Notes on grading"));
  CHECK(contains(
      html,
      "<code>duplicate_grade_id</code> in <code>essay</code> (cell 2): pasted &lt;twice&gt;"));
  CHECK_FALSE(contains(html, "Tampering findings"));
}

TEST_CASE("a manual answer left as released shows as no response", "[feedback]") {
  auto nb = hostile_autograded_notebook();
  nb.cell(4)["metadata"]["gradebox"] = {
      {"score", {{"points", 0}, {"max_points", 2}, {"status", "no_response"}}}};
  const auto grades = grades_from_autograded_metadata(nb);
  CHECK(grades.cells.at("essay").no_response);
  const auto html = render_feedback_page(nb, grades, context_for(false));
  CHECK(contains(html, "no response</span>"));
}

TEST_CASE("a page with LaTeX inlines KaTeX, admitted by hash; a page without stays script-free",
          "[feedback]") {
  gradebox::notebook::Json doc = gradebox::notebook::Json::parse(
      R"({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
          {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "Energy $E = mc^2$"}]})");
  const auto nb = gradebox::notebook::Notebook::from_text(doc.dump(), "m.ipynb");
  const auto html =
      render_feedback_page(nb, grades_from_autograded_metadata(nb), context_for(false));
  CHECK(contains(html, "<span class=\"math inline\">E = mc^2</span>"));
  if (!inline_katex()) {
    WARN("libjs-katex is not installed: math stays TeX text");
    CHECK_FALSE(contains(html, "<script"));
    return;
  }
  CHECK(contains(html, "script-src 'sha256-"));
  CHECK(contains(html, "font-src data:"));
  CHECK_FALSE(contains(html, "unsafe-eval"));
  CHECK(contains(html, "url(data:font/woff2;base64,"));
  CHECK(contains(html, "katex.render("));
  CHECK_FALSE(contains(html, "<script src"));  // nothing loaded from anywhere: all inline
  CHECK_FALSE(contains(html, "<link"));
  const auto plain = hostile_autograded_notebook();
  CHECK_FALSE(contains(
      render_feedback_page(plain, grades_from_autograded_metadata(plain), context_for(false)),
      "script-src"));
}
