// `gradebox list`: nbgrader's list for a student. Released assignments of one course (or of every
// course in the exchange) with "released" or "fetched" (the student has the folder), and the
// student's own submissions from their nbgrader cache with the state of their feedback (none,
// ready to be fetched, already fetched, updated since fetched).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "grader/course_config.hpp"
#include "grader/exchange/exchange_layout.hpp"

namespace gradebox::exchange {

struct ListedAssignment {
  std::string course_id;
  std::string assignment;
  bool fetched = false;
};

struct ListedSubmission {
  std::string course_id;
  InboundName name;
  std::string
      feedback;  // nbgrader's words: "no feedback available", "feedback ready to be fetched", ...
};

struct ExchangeListing {
  std::vector<ListedAssignment> released;
  std::vector<ListedSubmission> submitted;

  std::string text() const;
};

// `course.course_id` empty: every course of the exchange.
ExchangeListing list_assignments(const CourseConfig& config, const ExchangeCourse& course,
                                 const std::filesystem::path& assignment_dir,
                                 const std::filesystem::path& cache_dir);

}  // namespace gradebox::exchange
