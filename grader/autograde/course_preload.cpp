// The course's default preload list (course_preload.hpp).
#include "grader/autograde/course_preload.hpp"

#include <filesystem>
#include <regex>
#include <sstream>

#include "grader/autograde/folder_files.hpp"
#include "grader/notebook/jupyter_json.hpp"
#include "grader/notebook/notebook.hpp"

namespace gradebox::autograde {

bool cell_imports(const std::string& source, const std::string& module) {
  static const std::regex from_statement(R"(^\s*from\s+(\w+))");
  static const std::regex import_statement(R"(^\s*import\s+([^#;]*))");
  std::istringstream lines(source);
  std::string line;
  std::smatch match;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, match, from_statement) && match[1] == module) return true;
    if (!std::regex_search(line, match, import_statement)) continue;
    std::istringstream names(match[1].str());
    std::string name;
    while (std::getline(names, name, ',')) {  // "a.b as c" -> "a"
      const auto start = name.find_first_not_of(" \t");
      if (start == std::string::npos) continue;
      const auto end = name.find_first_of(" \t.", start);
      if (name.substr(start, end == std::string::npos ? end : end - start) == module) return true;
    }
  }
  return false;
}

std::vector<std::string> course_preload(const CourseConfig& config) {
  std::vector<std::string> modules = {"numpy"};
  // The notebooks only: the data files beside them may be large and say nothing about imports.
  const auto notebooks_only = [](const std::string& name,
                                 bool is_folder) -> std::optional<std::string> {
    if (is_folder || std::filesystem::path(name).extension() == ".ipynb") return std::nullopt;
    return "";
  };
  FolderFiles source;
  try {
    source = read_folder(config.root, "source", folder_limits(config), notebooks_only);
  } catch (const std::exception&) {
    return modules;  // no source/ (an exchange-only course): nothing says pandas is used
  }
  for (const auto& [relative, bytes] : source.files) {
    // Plain JSON rather than the validating notebook model: any notebook readable as JSON counts.
    try {
      const auto notebook = notebook::Json::parse(bytes);
      for (const auto& cell : notebook.at("cells"))
        if (cell.value("cell_type", "") == "code" &&
            cell_imports(notebook::cell_source(cell), "pandas")) {
          modules.push_back("pandas");
          return modules;
        }
    } catch (const std::exception&) {
      // not a notebook: the commands that use it report it, the preload does not depend on it
    }
  }
  return modules;
}

}  // namespace gradebox::autograde
