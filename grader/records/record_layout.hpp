// Where signed files live under a records root (the course's records/ directory):
//   <root>/<assignment>/<student>.json                                  grade record
//   <root>/<assignment>/manual/<student>/<grade_id>.<record_id>.json    manual grade
//   <root>/<assignment>/manifests/<created_at>.<run_id>.json            run manifest
// Readers never rely on these names (the payload type says what a file is, and export accepts
// any directory tree); writers use them so runs and shards land in one predictable tree.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gradebox::records {

// Throws std::invalid_argument when `name` cannot be a single path component (empty, ".", "..",
// or holding '/' or NUL): ids come from directory names and must not escape the records root.
void require_path_component(std::string_view name, const char* what);

std::filesystem::path grade_record_path(const std::filesystem::path& root,
                                        std::string_view assignment, std::string_view student);
std::filesystem::path manual_grade_path(const std::filesystem::path& root,
                                        std::string_view assignment, std::string_view student,
                                        std::string_view grade_id, std::string_view record_id);
std::filesystem::path manifest_directory(const std::filesystem::path& root,
                                         std::string_view assignment);
std::filesystem::path manifest_path(const std::filesystem::path& root, std::string_view assignment,
                                    std::string_view created_at, std::string_view run_id);

// SHA-256 of every manifest file already present for the assignment (for previous_manifests).
std::vector<std::string> existing_manifest_digests(const std::filesystem::path& root,
                                                   std::string_view assignment);

}  // namespace gradebox::records
