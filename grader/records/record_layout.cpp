// Owns the file layout of the records root.
#include "grader/records/record_layout.hpp"

#include <algorithm>
#include <stdexcept>

#include "grader/records/sha256.hpp"

namespace gradebox::records {

void require_path_component(std::string_view name, const char* what) {
  if (name.empty() || name == "." || name == ".." || name.find('/') != std::string_view::npos ||
      name.find('\0') != std::string_view::npos) {
    throw std::invalid_argument(std::string(what) + " \"" + std::string(name) +
                                "\" cannot be used as a file name");
  }
}

std::filesystem::path grade_record_path(const std::filesystem::path& root,
                                        std::string_view assignment, std::string_view student) {
  require_path_component(assignment, "assignment");
  require_path_component(student, "student id");
  return root / assignment / (std::string(student) + ".json");
}

std::filesystem::path manual_grade_path(const std::filesystem::path& root,
                                        std::string_view assignment, std::string_view student,
                                        std::string_view grade_id, std::string_view record_id) {
  require_path_component(assignment, "assignment");
  require_path_component(student, "student id");
  require_path_component(grade_id, "grade_id");
  require_path_component(record_id, "record id");
  return root / assignment / "manual" / student /
         (std::string(grade_id) + "." + std::string(record_id) + ".json");
}

std::filesystem::path manifest_directory(const std::filesystem::path& root,
                                         std::string_view assignment) {
  require_path_component(assignment, "assignment");
  return root / assignment / "manifests";
}

std::filesystem::path manifest_path(const std::filesystem::path& root, std::string_view assignment,
                                    std::string_view created_at, std::string_view run_id) {
  require_path_component(run_id, "run id");
  std::string stamp(created_at);
  std::replace(stamp.begin(), stamp.end(), ':', '-');  // portable file names
  require_path_component(stamp, "created_at");
  return manifest_directory(root, assignment) / (stamp + "." + std::string(run_id) + ".json");
}

std::vector<std::string> existing_manifest_digests(const std::filesystem::path& root,
                                                   std::string_view assignment) {
  std::vector<std::string> digests;
  const auto directory = manifest_directory(root, assignment);
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) return digests;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") {
      digests.push_back(sha256_file_hex(entry.path()));
    }
  }
  std::sort(digests.begin(), digests.end());
  return digests;
}

}  // namespace gradebox::records
