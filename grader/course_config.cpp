// Reads gradebox.toml: known keys with their types, warnings for unknown ones.
#include "grader/course_config.hpp"

#include <toml++/toml.h>

#include <set>

#include "grader/nbgrader_config/traits.hpp"
#include "sandbox/required_layers.hpp"

namespace gradebox {
namespace {

using notebook::Problem;
using notebook::Severity;

enum class KeyType { string, integer, number, boolean, string_list };

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
    {"autograde.notebook_timeout_seconds", KeyType::number},
    {"autograde.submission_timeout_seconds", KeyType::number},
    {"autograde.notebook_output_mib", KeyType::integer},
    {"autograde.max_file_mib", KeyType::integer},
    {"autograde.max_submission_mib", KeyType::integer},
    {"isolation.level", KeyType::string},
    {"isolation.require_level", KeyType::string},
    {"isolation.require", KeyType::string_list},
    {"runtime.zygote_socket", KeyType::string},
    {"runtime.preload", KeyType::string_list},
    {"exchange.root", KeyType::string},
    {"exchange.path_includes_course", KeyType::boolean},
    {"exchange.check_owner", KeyType::boolean},
    {"exchange.max_dir_kb", KeyType::integer},
};
const std::set<std::string> kKnownTables = {"release",   "stubs",     "stubs.code", "limits",
                                            "autograde", "isolation", "runtime",    "exchange"};

bool has_type(const toml::node& node, KeyType type) {
  switch (type) {
    case KeyType::string:
      return node.is_string();
    case KeyType::integer:
      return node.is_integer();
    case KeyType::number:
      return node.is_number();
    case KeyType::boolean:
      return node.is_boolean();
    case KeyType::string_list:
      return node.is_array() &&
             (node.as_array()->empty() || node.as_array()->is_homogeneous(toml::node_type::string));
  }
  return false;
}

const char* type_name(KeyType type) {
  switch (type) {
    case KeyType::string:
      return "a string";
    case KeyType::integer:
      return "an integer";
    case KeyType::number:
      return "a number";
    case KeyType::boolean:
      return "true or false";
    case KeyType::string_list:
      return "a list of strings";
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
    const std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (node.is_table()) {
      if (kKnownTables.count(name) == 0) {
        problems.push_back({Severity::warning, file, std::nullopt, "",
                            "unknown table [" + name + "]" + at_line(node) + " is ignored",
                            "check the spelling against docs/reference/gradebox-toml.md"});
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
                          "check the spelling against docs/reference/gradebox-toml.md"});
    } else if (!has_type(node, known->second)) {
      problems.push_back({Severity::error, file, std::nullopt, "",
                          name + at_line(node) + " must be " + type_name(known->second),
                          "fix the value's type"});
    }
  }
}

// Typed values of the keys check_keys accepted (types are checked there already).
void apply_toml(const toml::table& t, CourseConfig& config, const std::filesystem::path& file,
                notebook::Problems& problems) {
  const auto& root = config.root;
  if (auto header = t["release"]["header"].value<std::string>()) config.header = root / *header;
  if (auto footer = t["release"]["footer"].value<std::string>()) config.footer = root / *footer;
  if (auto text = t["stubs"]["text"].value<std::string>()) config.text_stub = *text;
  if (const auto* code = t["stubs"]["code"].as_table())
    for (const auto& [language, node] : *code)
      if (auto stub = node.value<std::string>())
        config.code_stubs[std::string(language.str())] = *stub;
  if (auto max = t["limits"]["max_notebook_bytes"].value<std::int64_t>(); max && *max > 0)
    config.limits.max_bytes = static_cast<std::uintmax_t>(*max);

  auto& limits = config.session_limits;
  const auto positive = [&](const char* path) -> std::optional<std::int64_t> {
    const auto node = t.at_path(path);
    const auto value = node.value<std::int64_t>();
    if (!value) return std::nullopt;
    if (*value > 0) return value;
    problems.push_back({Severity::error, file, std::nullopt, "",
                        std::string(path) + at_line(*node.node()) + " must be above 0",
                        "give a positive whole number"});
    return std::nullopt;
  };
  if (auto mib = positive("limits.memory_mib")) limits.memory_bytes = std::uint64_t(*mib) << 20;
  if (auto cpu = positive("limits.cpu_seconds")) limits.cpu_time = std::chrono::seconds(*cpu);
  if (auto pids = positive("limits.pids")) limits.pids = static_cast<std::uint32_t>(*pids);
  if (auto lines = positive("limits.output_lines"))
    limits.output_lines = static_cast<std::uint32_t>(*lines);
  if (auto lines = positive("limits.traceback_lines"))
    limits.traceback_lines = static_cast<std::uint32_t>(*lines);
  if (auto timeout = t.at_path("autograde.cell_timeout_seconds").value<double>())
    limits.wall_time = std::chrono::milliseconds(static_cast<std::int64_t>(*timeout * 1000));
  if (auto jobs = positive("autograde.jobs")) config.jobs = static_cast<unsigned>(*jobs);
  auto& budgets = config.budgets;
  const auto seconds = [&](const char* path, std::chrono::milliseconds& out) {
    if (auto value = t.at_path(path).value<double>(); value && *value > 0)
      out = std::chrono::milliseconds(static_cast<std::int64_t>(*value * 1000));
  };
  seconds("autograde.notebook_timeout_seconds", budgets.notebook_timeout);
  seconds("autograde.submission_timeout_seconds", budgets.submission_timeout);
  if (auto mib = positive("autograde.notebook_output_mib"))
    budgets.notebook_output_bytes = std::uint64_t(*mib) << 20;
  if (auto mib = positive("autograde.max_file_mib"))
    budgets.max_file_bytes = std::uint64_t(*mib) << 20;
  if (auto mib = positive("autograde.max_submission_mib"))
    budgets.max_submission_bytes = std::uint64_t(*mib) << 20;
  if (auto socket = t.at_path("runtime.zygote_socket").value<std::string>())
    config.zygote_socket = root / *socket;  // an absolute path stays as it is
  if (const auto* preload = t.at_path("runtime.preload").as_array()) {
    config.preload_modules.emplace();
    for (const auto& name : *preload)
      if (const auto text = name.value<std::string>()) config.preload_modules->push_back(*text);
  }

  const auto level = [&](const char* path, std::optional<sandbox::IsolationLevel>& out) {
    const auto node = t.at_path(path);
    const auto text = node.value<std::string>();
    if (!text) return;
    if ((out = sandbox::parse_isolation_level(*text))) return;
    problems.push_back({Severity::error, file, std::nullopt, "",
                        std::string(path) + at_line(*node.node()) + " is \"" + *text +
                            "\": expected cgroup2, cgroup1 or rlimit (highest first)",
                        "write one of those levels"});
  };
  level("isolation.level", config.isolation_level);
  level("isolation.require_level", config.require_isolation_level);

  auto& exchange = config.exchange;
  if (auto dir = t.at_path("exchange.root").value<std::string>()) exchange.root = root / *dir;
  if (auto on = t.at_path("exchange.path_includes_course").value<bool>())
    exchange.path_includes_course = *on;
  if (auto on = t.at_path("exchange.check_owner").value<bool>()) exchange.check_owner = *on;
  if (auto kb = positive("exchange.max_dir_kb")) exchange.max_dir_bytes = std::uint64_t(*kb) * 1000;
  if (const auto* required = t.at_path("isolation.require").as_array()) {
    for (const auto& name : *required) {
      const auto text = name.value<std::string>();
      if (!text) continue;  // the key's type is checked with the others
      if (const auto problem = sandbox::unknown_layer_problem(*text))
        problems.push_back({Severity::error, file, std::nullopt, "",
                            "isolation.require" + at_line(name) + ": " + *problem,
                            "list only those layers"});
      else
        config.required_isolation_layers.push_back(*text);
    }
  }
}

void read_gradebox_toml(CourseConfig& config, notebook::Problems& problems) {
  const auto file = config.root / "gradebox.toml";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return;
  toml::table table;
  try {
    table = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    problems.push_back({Severity::error, file, std::nullopt, "",
                        std::string(e.description()) + " (line " +
                            std::to_string(e.source().begin.line) + ", column " +
                            std::to_string(e.source().begin.column) + ")",
                        "fix the TOML syntax"});
    return;
  }
  const auto before = problems.size();
  check_keys(table, "", file, problems);
  if (notebook::has_errors(
          {problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end()}))
    return;
  apply_toml(table, config, file, problems);
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
  nbgrader_config::apply_nbgrader_config(loaded.config, loaded.problems);
  read_gradebox_toml(loaded.config, loaded.problems);
  return loaded;
}

}  // namespace gradebox
