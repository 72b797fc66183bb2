// Owns finding the student folders of an assignment (see student_folders.hpp).
#include "grader/course/student_folders.hpp"

#include <algorithm>

#include "grader/course/student_id.hpp"

namespace gradebox::course {
namespace fs = std::filesystem;

StudentFolders discover_student_folders(const fs::path& area, const std::string& assignment) {
  StudentFolders found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(area, ec)) {
    std::error_code not_a_dir;
    if (!entry.is_directory(not_a_dir) || !fs::is_directory(entry.path() / assignment, not_a_dir))
      continue;
    const std::string name = entry.path().filename().string();
    if (auto problem = student_id_problem(name))
      found.refused.push_back({entry.path(), std::move(*problem)});
    else
      found.students.push_back(name);
  }
  std::sort(found.students.begin(), found.students.end());
  std::sort(found.refused.begin(), found.refused.end(),
            [](const auto& a, const auto& b) { return a.folder < b.folder; });
  return found;
}

}  // namespace gradebox::course
