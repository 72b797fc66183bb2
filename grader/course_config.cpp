// Reads gradebox.toml: known keys with their types, warnings for unknown ones.
#include "grader/course_config.hpp"

#include <set>

namespace gradebox {
namespace {

using notebook::Problem;
using notebook::Severity;

enum class KeyType { string, integer, number, string_list };

// Every accepted key except the open-ended stubs.code.<language>.
const std::map<std::string, KeyType> kKnownKeys = {
    {"release.header", KeyType::string},
    {"release.footer", KeyType::string},
    {"stubs.text", KeyType::string},
    {"limits.max_notebook_bytes", KeyType::integer},
    {"limits.memory_mib", KeyType::integer},
    {"limits.cpu_seconds", KeyType::integer},
    {"limits.pids", KeyType::integer},
    {"limits.output_lines", KeyType::integer},
    {"limits.traceback_lines", KeyType::integer},
    {"autograde.cell_timeout_seconds", KeyType::number},
    {"autograde.jobs", KeyType::integer},
    {"isolation.level", KeyType::string},
    {"isolation.require_level", KeyType::string},
    {"runtime.zygote_socket", KeyType::string},
    {"runtime.preload", KeyType::string_list},
};
const std::set<std::string> kKnownTables = {"release", "stubs", "stubs.code", "limits",
                                            "autograde", "isolation", "runtime"};

bool has_type(const toml::node& node, KeyType type) {
  switch (type) {
    case KeyType::string: return node.is_string();
    case KeyType::integer: return node.is_integer();
    case KeyType::number: return node.is_number();
    case KeyType::string_list:
      return node.is_array() && (node.as_array()->empty() ||
                                  node.as_array()->is_homogeneous(toml::node_type::string));
  }
  return false;
}

const char* type_name(KeyType type) {
  switch (type) {
    case KeyType::string: return "a string";
    case KeyType::integer: return "an integer";
    case KeyType::number: return "a number";
    case KeyType::string_list: return "a list of strings";
  }
  return "";
}

std::string at_line(const toml::node& node) {
  return " (line " + std::to_string(node.source().begin.line) + ")";
}

// Walks the table, reporting unknown keys and wrong types with their dotted names.
void check_keys(const toml::table& table, const std::string& prefix,
                const std::filesystem::path& file, notebook::Problems& problems) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (node.is_table()) {
      if (kKnownTables.count(name) == 0) {
        problems.push_back({Severity::warning, file, std::nullopt, "",
                            "unknown table [" + name + "]" + at_line(node) + " is ignored",
                            "check the spelling against the README's gradebox.toml table"});
        continue;
      }
      check_keys(*node.as_table(), name, file, problems);
      continue;
    }
    if (prefix == "stubs.code") {
      if (!node.is_string())
        problems.push_back({Severity::error, file, std::nullopt, "",
                            name + at_line(node) + " must be a string", "quote the stub"});
      continue;
    }
    const auto known = kKnownKeys.find(name);
    if (known == kKnownKeys.end()) {
      problems.push_back({Severity::warning, file, std::nullopt, "",
                          "unknown key '" + name + "'" + at_line(node) + " is ignored",
                          "check the spelling against the README's gradebox.toml table"});
    } else if (!has_type(node, known->second)) {
      problems.push_back({Severity::error, file, std::nullopt, "",
                          name + at_line(node) + " must be " + type_name(known->second),
                          "fix the value's type"});
    }
  }
}

}  // namespace

CourseConfig default_course_config(const std::filesystem::path& root) {
  CourseConfig config;
  config.root = root;
  // nbgrader's ClearSolutions.code_stub defaults.
  config.code_stubs = {
      {"python", "# YOUR CODE HERE\nraise NotImplementedError()"},
      {"R", "# YOUR CODE HERE\nfail()"},
      {"matlab", "% YOUR CODE HERE\nerror('No Answer Given!')"},
      {"octave", "% YOUR CODE HERE\nerror('No Answer Given!')"},
      {"sas", "/* YOUR CODE HERE */\n %notImplemented;"},
      {"java", "// YOUR CODE HERE"},
  };
  return config;
}

LoadedCourseConfig load_course_config(const std::filesystem::path& root) {
  LoadedCourseConfig loaded{default_course_config(root), {}};
  const auto file = root / "gradebox.toml";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return loaded;

  auto& config = loaded.config;
  try {
    config.table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    loaded.problems.push_back(
        {Severity::error, file, std::nullopt, "",
         std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) +
             ", column " + std::to_string(e.source().begin.column) + ")",
         "fix the TOML syntax"});
    return loaded;
  }
  check_keys(config.table, "", file, loaded.problems);

  const auto& t = config.table;
  if (auto header = t["release"]["header"].value<std::string>()) config.header = root / *header;
  if (auto footer = t["release"]["footer"].value<std::string>()) config.footer = root / *footer;
  if (auto text = t["stubs"]["text"].value<std::string>()) config.text_stub = *text;
  if (const auto* code = t["stubs"]["code"].as_table())
    for (const auto& [language, node] : *code)
      if (auto stub = node.value<std::string>()) config.code_stubs[std::string(language.str())] = *stub;
  if (auto max = t["limits"]["max_notebook_bytes"].value<std::int64_t>(); max && *max > 0)
    config.limits.max_bytes = static_cast<std::uintmax_t>(*max);
  return loaded;
}

}  // namespace gradebox
