// Shared by the zip-collect tests: a course folder, zips written by Python's zipfile, and a run
// of zip_collect over them.
#pragma once

#include <filesystem>
#include <string>

#include "grader/zip_collect/zip_collect.hpp"
#include "tests/unit/command_output.hpp"
#include "tests/unit/grader/test_support.hpp"

namespace gradebox::test {

// Writes `zip` with Python: `body` is Python code using `z` (an open zipfile.ZipFile, deflated)
// and `zipfile`.
inline void make_zip(const std::filesystem::path& zip, const std::string& body) {
  const std::filesystem::path script = zip.string() + ".py";
  write_text(script,
             "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n" +
                 body + "\nz.close()\n");
  const auto run = run_command("/usr/bin/python3 " + script.string() + " " + zip.string());
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
}

// A course with release/ps1/ps1.ipynb and roster.csv (alice: Canvas 1001, Moodle 301; bob: 1002).
inline std::filesystem::path make_zip_course(const std::filesystem::path& root) {
  const auto course = root / "course";
  write_text(course / "release/ps1/ps1.ipynb", "{}");
  write_text(course / "roster.csv",
             "student_id,first_name,last_name,lms_id\nalice,Alice,Smith,1001\nbob,Bob,Jones,1002\n"
             "zoe,Zo\xc3\xab,M\xc3\xbcller,\n");
  return course;
}

inline zip_collect::ZipCollectReport collect(const std::filesystem::path& course,
                                             std::vector<std::filesystem::path> archives,
                                             zip_collect::ZipCollectOptions options = {}) {
  options.assignment = "ps1";
  options.archives = std::move(archives);
  return zip_collect::zip_collect(default_course_config(course), options);
}

inline bool reported(const std::vector<zip_collect::EntryReport>& entries, const std::string& entry,
                     const std::string& reason_part) {
  for (const auto& e : entries)
    if (e.entry == entry && e.reason.find(reason_part) != std::string::npos) return true;
  return false;
}

}  // namespace gradebox::test
