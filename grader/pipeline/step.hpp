// A pipeline step: one named transformation of a Notebook, reporting problems as data.
// Commands are ordered lists of steps (like nbgrader's preprocessors); the list documents them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/notebook/notebook.hpp"
#include "grader/notebook/problem.hpp"

namespace gradebox::pipeline {

struct StepContext {
  const CourseConfig& config;
  notebook::Problems& problems;  // steps append here; an error stops the pipeline after the step
};

struct Step {
  std::string name;
  std::function<void(notebook::Notebook&, StepContext&)> apply;
};

using Pipeline = std::vector<Step>;

// Runs the steps in order; returns false (and stops) after the first step that reported an error.
bool run_pipeline(const Pipeline& steps, notebook::Notebook& nb, StepContext& context);

// Helper for steps: an error or warning about one cell.
void report_cell(StepContext& context, const notebook::Notebook& nb, std::size_t cell_index,
                 notebook::Severity severity, std::string message, std::string hint);

}  // namespace gradebox::pipeline
