// `gradebox zip-collect <assignment> <zipfiles...>`: an LMS's bulk download into
// submitted/<student>/<assignment>/, as nbgrader's zip_collect (ZipCollectApp with its
// FileNameCollectorPlugin) but without extracting anything to disk:
//   1. each archive is read into memory under caps (archive_entries.hpp: links, absolute paths,
//      '..', oversize and zip-bomb entries refused);
//   2. each file whose extension is collected (default ".ipynb", nbgrader's valid_ext) is matched
//      against the file-name patterns (lms_file_names.hpp; --regex replaces them);
//   3. the matched id is mapped to a student id through the roster (roster_lookup.hpp);
//   4. per student and destination file the newest is kept (nbgrader's rule: a later timestamp
//      wins, the same bytes twice are one file, two different files without times are an error
//      for that student); the submission's time is the newest of its files';
//   5. each student's files go through course::take_in_submission (names, caps, no links, a
//      previous submission kept aside and reported).
// Every file not collected is reported, with why; the others are still collected.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "grader/course/submission_intake.hpp"
#include "grader/course_config.hpp"
#include "grader/notebook/problem.hpp"
#include "grader/zip_collect/archive_entries.hpp"

namespace gradebox::zip_collect {

struct ZipCollectOptions {
  std::string assignment;
  std::vector<std::filesystem::path> archives;
  std::optional<std::string> regex;             // nbgrader's named_regexp; none: the LMS patterns
  std::optional<std::filesystem::path> roster;  // none: <course>/roster.csv when it exists
  std::vector<std::string> extensions = {".ipynb"};  // "*" collects every file
  std::string timezone = "UTC";  // of times without a zone (Blackboard's attempt times)
  ArchiveLimits limits;          // max_total_bytes is for all archives together
};

// Archive limits from the course: one entry at most what autograde reads (GradingBudgets).
ArchiveLimits archive_limits(const CourseConfig& config);

struct EntryReport {
  std::string archive;  // the archive's path as given
  std::string entry;    // the entry's path in it, printable
  std::string reason;
};

struct CollectedStudent {
  std::string student;
  std::string timestamp;  // timestamp.txt as written; empty when the names carried no time
  course::IntakeResult intake;
};

struct ZipCollectReport {
  std::vector<CollectedStudent> students;  // by student id
  std::vector<EntryReport> unmatched;      // no pattern, or no student for its id
  std::vector<EntryReport> refused;        // hostile or unreadable entries
  std::vector<EntryReport> skipped;        // extensions not collected
  notebook::Problems problems;             // whole archives or students that failed; warnings

  // Every matched file of every archive collected (exit status 0).
  bool complete() const;
};

// Throws std::invalid_argument for a bad --regex or --timezone and std::runtime_error for an
// unreadable roster (usage errors: nothing is read or written).
ZipCollectReport zip_collect(const CourseConfig& config, const ZipCollectOptions& options);

}  // namespace gradebox::zip_collect
