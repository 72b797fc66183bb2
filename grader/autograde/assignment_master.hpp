// What a submission is graded against: the master copy and release of one assignment, loaded once
// per run from <course>/.gradebox/master/<a>/ and <course>/release/<a>/ (see pipeline/release.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "grader/autograde/folder_files.hpp"
#include "grader/course_config.hpp"
#include "grader/notebook/notebook.hpp"

namespace gradebox::autograde {

struct MasterNotebook {
  std::filesystem::path relative;  // inside the assignment folder, e.g. "problem1.ipynb"
  notebook::Notebook master;
  notebook::Notebook release;
  std::map<std::string, std::string> release_checksums;  // grade_id -> checksum
};

struct AssignmentMaster {
  std::string assignment;
  std::filesystem::path source_dir;
  // The instructor's other files of source/<a>/ (data the tests read, e.g. words.txt), read once
  // into memory: every session's scratch and every autograded folder gets them from here.
  FolderFiles data_files;
  std::vector<MasterNotebook> notebooks;
  std::string master_sha256;   // digest.json: one digest over the master notebooks
  std::string release_sha256;  // digest.json: release_sha256
};

// Throws std::runtime_error naming the missing file and saying to run `gradebox release` first.
AssignmentMaster load_assignment_master(const CourseConfig& config, const std::string& assignment);

}  // namespace gradebox::autograde
