// What the formgrader shows, read from signed data only: per assignment the verified record set
// (records/<a>/, trust store .gradebox/keys/trust.json) summarised per submission, and per
// submission its autograded notebooks with the record's grades and the newest manual grades
// applied (grader/feedback's loaders). Read afresh on every request (an assignment's verified
// records come from a cache only while none of its files changed: verified_record_cache.hpp), so
// grades written by another grader or `gradebox grade-manual` show up on the next page load.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grader/feedback/feedback_run.hpp"
#include "grader/feedback/hidden_tests.hpp"
#include "grader/formgrader/verified_record_cache.hpp"
#include "grader/records/record_set_verification.hpp"

namespace gradebox::formgrader {

struct SubmissionSummary {
  std::string student;
  std::string status;  // "graded" | "error" (the record's), "unverified" (a file failed)
  std::string error;
  int64_t points_milli = 0;
  int64_t max_milli = 0;
  int64_t manual_pending = 0;
  std::size_t tampering = 0;
  std::map<std::string, int> verdicts;  // non-ok cell verdicts -> count
  std::vector<std::string> problems;    // verification failures naming this student
};

struct TestCellRate {
  std::string label;  // notebook:grade_id
  int passed = 0;     // full points
  int graded = 0;
};

struct AssignmentCounts {
  std::size_t submissions = 0;
  std::size_t errored = 0;  // status other than graded
  int64_t manual_pending = 0;
  std::size_t tampering = 0;
  std::size_t problems = 0;  // verification failures
};

struct AssignmentGradebook {
  std::string name;
  std::shared_ptr<const records::RecordSet> set;  // shared with the cache: never changed
  std::vector<SubmissionSummary> submissions;     // by student id
  std::vector<std::string> problems;              // failures naming no student
  std::vector<TestCellRate> test_cells() const;   // auto-graded cells' pass rates, notebook order
  AssignmentCounts counts() const;
};

struct ManualCellState {
  std::string record_id;
  std::string grader;
  std::string graded_at;
};

struct SubmissionView {
  records::GradeRecord record;
  std::vector<records::ManualGrade> manual;
  std::vector<feedback::StudentNotebook> notebooks;
  std::vector<std::string> problems;  // notebooks not shown, and why
  records::GradeTotals totals;
  // By "notebook\ngrade_id": the newest manual grade's id (the conflict check's expectation).
  std::map<std::string, ManualCellState> manual_state;
};

std::string cell_key(const std::string& notebook, const std::string& grade_id);

class CourseGradebook {
 public:
  CourseGradebook(std::filesystem::path course_root, std::filesystem::path keys_dir);

  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& keys() const { return keys_; }

  // Assignments with a records/<a>/ folder, sorted.
  std::vector<std::string> assignments() const;
  bool has_assignment(const std::string& assignment) const;
  // Students with a grade record file of the assignment, sorted (cheap: names only).
  std::vector<std::string> students(const std::string& assignment) const;

  AssignmentGradebook load_assignment(const std::string& assignment) const;
  // Throws std::runtime_error when the student has no verified grade record.
  SubmissionView load_submission(const std::string& assignment, const std::string& student) const;

 private:
  std::filesystem::path root_;
  std::filesystem::path keys_;
  feedback::HiddenRegionMarkers regions_;
  mutable VerifiedRecordCache verified_;
};

}  // namespace gradebox::formgrader
