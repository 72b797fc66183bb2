// Owns the LMS download file-name patterns (see lms_file_names.hpp).
#include "grader/zip_collect/lms_file_names.hpp"

#include <stdexcept>

namespace gradebox::zip_collect {
namespace {

constexpr const char* kCanvas =
    R"(^(?P<last_first>[^_/]+)_(?:(?i:late)_)?(?P<student_id>[0-9]+)_[0-9]+_(?P<file_id>[^/]+)$)";
constexpr const char* kMoodle =
    R"(^(?P<full_name>[^_/]+)_(?P<student_id>[0-9]+)_assignsubmission_file_/?(?P<file_id>.+)$)";
constexpr const char* kBlackboard =
    R"(^(?P<assignment>[^/]+?)_(?P<student_id>[^_/]+)_attempt_)"
    R"((?P<timestamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2})_(?P<file_id>[^/]+)$)";

std::string group(const std::map<std::string, std::string>& groups, const std::string& name) {
  const auto found = groups.find(name);
  return found == groups.end() ? "" : found->second;
}

}  // namespace

const char* source_name(FileNameSource source) {
  switch (source) {
    case FileNameSource::canvas:
      return "canvas";
    case FileNameSource::moodle:
      return "moodle";
    case FileNameSource::blackboard:
      return "blackboard";
    case FileNameSource::regex:
      return "regex";
  }
  return "regex";
}

std::vector<FileNamePattern> lms_file_name_patterns() {
  std::vector<FileNamePattern> patterns;
  patterns.push_back({FileNameSource::canvas, NamedRegex(kCanvas)});
  patterns.push_back({FileNameSource::moodle, NamedRegex(kMoodle)});
  patterns.push_back({FileNameSource::blackboard, NamedRegex(kBlackboard)});
  return patterns;
}

FileNamePattern custom_file_name_pattern(const std::string& pattern) {
  NamedRegex regex(pattern);
  for (const char* required : {"student_id", "file_id"})
    if (!regex.group_names().count(required))
      throw std::invalid_argument(
          "regex \"" + pattern + "\" has no (?P<" + required +
          ">...) group; nbgrader's named_regexp needs student_id and file_id");
  return {FileNameSource::regex, std::move(regex)};
}

std::optional<MatchedFileName> match_file_name(std::string_view path,
                                               const std::vector<FileNamePattern>& patterns) {
  for (const auto& pattern : patterns) {
    const auto groups = pattern.regex.match(path);
    if (!groups) continue;
    MatchedFileName matched;
    matched.source = pattern.source;
    matched.student_key = group(*groups, "student_id");
    matched.file_id = group(*groups, "file_id");
    if (matched.student_key.empty() || matched.file_id.empty()) continue;
    matched.full_name = group(*groups, "full_name");
    const std::string first = group(*groups, "first_name"), last = group(*groups, "last_name");
    if (matched.full_name.empty() && !(first.empty() && last.empty()))
      matched.full_name = first + (first.empty() || last.empty() ? "" : " ") + last;
    matched.email = group(*groups, "email");
    matched.timestamp = group(*groups, "timestamp");
    return matched;
  }
  return std::nullopt;
}

std::string python_extension(std::string_view path) {
  const std::string_view base =
      path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  const auto dot = base.rfind('.');
  if (dot == std::string_view::npos || base.find_first_not_of('.') > dot) return "";
  return std::string(base.substr(dot));
}

std::string destination_name(const MatchedFileName& matched, std::string_view entry_path) {
  const std::string id_extension = python_extension(matched.file_id);
  return matched.file_id.substr(0, matched.file_id.size() - id_extension.size()) +
         python_extension(entry_path);
}

}  // namespace gradebox::zip_collect
