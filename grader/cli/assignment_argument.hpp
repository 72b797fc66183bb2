// How the CLI names an assignment: `ps1` (under <course>/source/) or a path to
// `<course>/source/ps1`, which then also fixes the course root.
#pragma once

#include <filesystem>
#include <string>

namespace gradebox::cli {

struct AssignmentRef {
  std::filesystem::path course_root;
  std::string name;
};

AssignmentRef resolve_assignment(const std::string& argument,
                                 const std::filesystem::path& course_root);

}  // namespace gradebox::cli
