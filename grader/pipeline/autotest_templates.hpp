// autotests.yml: nbgrader's AUTOTEST templates for one kernel (InstantiateTests). Looked up as
// nbgrader does: first in the notebook's own folder under source/, then in the course root.
//
//   <kernel>:                 python3 / python (gradebox runs Python kernels only)
//     setup, hash, success    optional code templates
//     dispatch, normalize, check   required
//     templates:              <type as the kernel prints it> -> [{test, fail}, ...]; "default"
//                             is used for any other type (without it such a type is an error)
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grader/notebook/problem.hpp"

namespace gradebox::pipeline {

struct AutotestCase {
  std::string test;  // template of the expression to evaluate
  std::string fail;  // template of the failure message
};

struct AutotestTemplates {
  std::filesystem::path file;  // the autotests.yml these came from
  std::optional<std::string> setup, hash, success;
  std::string dispatch, normalize, check;
  std::map<std::string, std::vector<AutotestCase>> by_type;
};

struct LoadedAutotests {
  std::optional<AutotestTemplates> templates;  // set when the file was found and valid
  notebook::Problems problems;                 // why not, naming the file
};

inline constexpr const char* kAutotestFileName = "autotests.yml";

// Finds and parses autotests.yml for `kernel_name` (the notebook's kernelspec name).
LoadedAutotests load_autotests(const std::filesystem::path& notebook_dir,
                               const std::filesystem::path& course_root,
                               const std::string& kernel_name);

// Parses the text of one autotests.yml (`file` names it in problems).
LoadedAutotests parse_autotests(const std::string& yaml_text, const std::filesystem::path& file,
                                const std::string& kernel_name);

}  // namespace gradebox::pipeline
