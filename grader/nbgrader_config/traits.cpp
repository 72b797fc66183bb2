// Maps recorded nbgrader traits onto CourseConfig (see traits.hpp).
#include "grader/nbgrader_config/traits.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>

namespace gradebox::nbgrader_config {
namespace {

using notebook::Json;
using notebook::Severity;

struct TraitContext {
  const std::filesystem::path& file;
  CourseConfig& config;
  notebook::Problems& problems;
  std::string name;  // "Section.trait"

  void warn(const std::string& message, const std::string& hint) {
    problems.push_back({Severity::warning, file, std::nullopt, "", name + ": " + message, hint});
  }
  void fail(const std::string& expected) {
    problems.push_back({Severity::error, file, std::nullopt, "", name + " must be " + expected,
                        "fix the value in nbgrader_config.py"});
  }
};

// A lazy edit (`c.S.t.append(x)`) applied to the trait's current value; plain values replace it.
std::optional<Json> resolve(const Json& value, Json current) {
  if (!value.is_object() || !value.contains("__lazy__")) return value;
  for (const auto& op : value["__lazy__"]) {
    if (!op.is_array() || op.size() != 2 || !op[0].is_string()) return std::nullopt;
    const std::string kind = op[0];
    const Json& arg = op[1];
    if (current.is_array() && arg.is_array() && kind == "extend") {
      for (const auto& item : arg) current.push_back(item);
    } else if (current.is_array() && arg.is_array() && kind == "prepend") {
      current.insert(current.begin(), arg.begin(), arg.end());
    } else if (current.is_object() && arg.is_object() && kind == "update") {
      current.update(arg);
    } else {
      return std::nullopt;
    }
  }
  return current;
}

using Setter = std::function<void(const Json&, TraitContext&)>;

Setter string_trait(std::function<void(const std::string&, TraitContext&)> set) {
  return [set](const Json& v, TraitContext& c) {
    v.is_string() ? set(v.get<std::string>(), c) : c.fail("a string");
  };
}

Setter bool_trait(std::function<bool&(CourseConfig&)> field) {
  return [field](const Json& v, TraitContext& c) {
    v.is_boolean() ? void(field(c.config) = v.get<bool>()) : c.fail("True or False");
  };
}

bool string_list(const Json& v) {
  if (!v.is_array()) return false;
  for (const auto& item : v)
    if (!item.is_string()) return false;
  return true;
}

Setter list_trait(std::function<std::vector<std::string>&(CourseConfig&)> field) {
  return [field](const Json& v, TraitContext& c) {
    const auto resolved = resolve(v, Json(field(c.config)));
    if (!resolved || !string_list(*resolved)) return c.fail("a list of strings");
    field(c.config) = resolved->get<std::vector<std::string>>();
  };
}

// gradebox keeps nbgrader's default layout; another directory name would make it grade elsewhere.
Setter layout_trait(std::string expected) {
  return string_trait([expected](const std::string& value, TraitContext& c) {
    if (value != expected)
      c.warn("is \"" + value + "\"; gradebox uses nbgrader's default \"" + expected + "\"",
             "rename the folder to \"" + expected + "\" or remove the setting");
  });
}

// A region delimiter: non-empty, as an empty one would match every line.
Setter delimiter_trait(RegionDelimiters CourseConfig::*region, std::string RegionDelimiters::*end) {
  return string_trait([region, end](const std::string& value, TraitContext& c) {
    if (value.empty()) return c.fail("a non-empty delimiter");
    c.config.*region.*end = value;
  });
}

Setter enforce_trait(RegionDelimiters CourseConfig::*region) {
  return bool_trait([region](CourseConfig& c) -> bool& { return (c.*region).enforce_metadata; });
}

void set_timeout(const Json& v, TraitContext& c) {
  if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
    return c.fail("a whole number of seconds above 0");
  c.config.session_limits.wall_time = std::chrono::seconds(v.get<std::int64_t>());
}

void set_code_stub(const Json& v, TraitContext& c) {
  const auto resolved = resolve(v, Json(c.config.code_stubs));
  if (!resolved || !resolved->is_object()) return c.fail("a dict of language -> stub");
  std::map<std::string, std::string> stubs;
  for (const auto& [language, stub] : resolved->items()) {
    if (!stub.is_string()) return c.fail("a dict of language -> stub (strings)");
    stubs[language] = stub.get<std::string>();
  }
  c.config.code_stubs = std::move(stubs);  // as in traitlets, an assigned dict replaces the default
}

void set_root(const std::string& value, TraitContext& c) {
  std::error_code ec;
  const auto configured = std::filesystem::weakly_canonical(c.config.root / value, ec);
  if (configured != std::filesystem::weakly_canonical(c.config.root, ec))
    c.warn("is \"" + value + "\" but gradebox grades the course in " + c.config.root.string(),
           "run gradebox with --course " + value);
}

std::optional<std::filesystem::path> course_path(const std::string& value,
                                                 const CourseConfig& config) {
  if (value.empty()) return std::nullopt;
  return config.root / value;
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"CourseDirectory.course_id", string_trait([](auto& v, auto& c) { c.config.course_id = v; })},
      {"Exchange.course_id", string_trait([](auto& v, auto& c) { c.config.course_id = v; })},
      {"CourseDirectory.root", string_trait(set_root)},
      {"CourseDirectory.source_directory", layout_trait("source")},
      {"CourseDirectory.release_directory", layout_trait("release")},
      {"CourseDirectory.submitted_directory", layout_trait("submitted")},
      {"CourseDirectory.autograded_directory", layout_trait("autograded")},
      {"CourseDirectory.feedback_directory", layout_trait("feedback")},
      {"CourseDirectory.ignore",
       list_trait([](CourseConfig & c) -> auto& { return c.copy.ignore; })},
      {"CourseDirectory.include",
       list_trait([](CourseConfig & c) -> auto& { return c.copy.include; })},
      {"CourseDirectory.max_file_size",
       [](const Json& v, TraitContext& c) {
         if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
           return c.fail("a number of kilobytes");
         c.config.copy.max_file_bytes = v.get<std::uint64_t>() * 1000;
       }},
      {"CourseDirectory.student_id_exclude",
       string_trait([](const std::string& v, TraitContext& c) {
         std::size_t start = 0;
         while (start <= v.size()) {
           const auto end = std::min(v.find(',', start), v.size());
           if (end > start) c.config.excluded_students.insert(v.substr(start, end - start));
           start = end + 1;
         }
       })},
      {"ClearSolutions.code_stub", set_code_stub},
      {"ClearSolutions.text_stub", string_trait([](auto& v, auto& c) { c.config.text_stub = v; })},
      {"ClearSolutions.begin_solution_delimeter",
       delimiter_trait(&CourseConfig::solution, &RegionDelimiters::begin)},
      {"ClearSolutions.end_solution_delimeter",
       delimiter_trait(&CourseConfig::solution, &RegionDelimiters::end)},
      {"ClearSolutions.enforce_metadata", enforce_trait(&CourseConfig::solution)},
      {"ClearHiddenTests.begin_test_delimeter",
       delimiter_trait(&CourseConfig::hidden_tests, &RegionDelimiters::begin)},
      {"ClearHiddenTests.end_test_delimeter",
       delimiter_trait(&CourseConfig::hidden_tests, &RegionDelimiters::end)},
      {"ClearHiddenTests.enforce_metadata", enforce_trait(&CourseConfig::hidden_tests)},
      {"ClearMarkingScheme.begin_mark_scheme_delimeter",
       delimiter_trait(&CourseConfig::mark_scheme, &RegionDelimiters::begin)},
      {"ClearMarkingScheme.end_mark_scheme_delimeter",
       delimiter_trait(&CourseConfig::mark_scheme, &RegionDelimiters::end)},
      {"ClearMarkingScheme.enforce_metadata", enforce_trait(&CourseConfig::mark_scheme)},
      {"IncludeHeaderFooter.header",
       string_trait([](auto& v, auto& c) { c.config.header = course_path(v, c.config); })},
      {"IncludeHeaderFooter.footer",
       string_trait([](auto& v, auto& c) { c.config.footer = course_path(v, c.config); })},
      {"LockCells.lock_solution_cells",
       bool_trait([](CourseConfig& c) -> bool& { return c.lock.solution_cells; })},
      {"LockCells.lock_grade_cells",
       bool_trait([](CourseConfig& c) -> bool& { return c.lock.grade_cells; })},
      {"LockCells.lock_readonly_cells",
       bool_trait([](CourseConfig& c) -> bool& { return c.lock.readonly_cells; })},
      {"LockCells.lock_all_cells",
       bool_trait([](CourseConfig& c) -> bool& { return c.lock.all_cells; })},
      {"Execute.timeout", set_timeout},
      {"Exchange.root",
       string_trait([](auto& v, auto& c) { c.config.exchange.root = c.config.root / v; })},
      {"Exchange.path_includes_course",
       bool_trait([](CourseConfig& c) -> bool& { return c.exchange.path_includes_course; })},
      {"ExchangeCollect.check_owner",
       bool_trait([](CourseConfig& c) -> bool& { return c.exchange.check_owner; })},
      {"CollectApp.check_owner",
       bool_trait([](CourseConfig& c) -> bool& { return c.exchange.check_owner; })},
      {"CourseDirectory.max_dir_size",
       [](const Json& v, TraitContext& c) {
         if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
           return c.fail("a number of kilobytes");
         c.config.exchange.max_dir_bytes = v.get<std::uint64_t>() * 1000;
       }},
      {"LateSubmissionPlugin.penalty_method",
       string_trait([](const std::string& v, TraitContext& c) {
         if (v != "none" && v != "zero") return c.fail("\"none\" or \"zero\"");
         c.config.late_penalty_method = v;
       })},
  };
  return table;
}

void apply_trait(const std::string& section, const std::string& trait, const Json& value,
                 TraitContext& context) {
  context.name = section + "." + trait;
  if (value.is_object() && value.contains("__unsupported__"))
    return context.fail("a plain value (got " + value["__unsupported__"].dump() + ")");
  if (trait == "plugin_class")
    return context.warn("custom plugins do not run in gradebox; the setting is ignored",
                        "see docs/instructors.md for what gradebox does instead");
  const auto setter = setters().find(context.name);
  if (setter == setters().end())
    return context.warn("not supported by gradebox; the setting is ignored",
                        "see docs/instructors.md for the supported traits");
  setter->second(value, context);
}

}  // namespace

void apply_traits(const RecordedConfig& recorded, const std::filesystem::path& file,
                  CourseConfig& config, notebook::Problems& problems) {
  TraitContext context{file, config, problems, ""};
  for (const auto& name : recorded.subconfigs) {
    context.name = "load_subconfig(\"" + name + "\")";
    context.warn("not followed: gradebox reads only this file", "copy the settings into this file");
  }
  for (const auto& [section, values] : recorded.traits.items()) {
    // Execute.timeout is the more specific trait and wins over ExecutePreprocessor.timeout.
    if (section == "ExecutePreprocessor" && values.contains("timeout") &&
        !recorded.traits.value("Execute", Json::object()).contains("timeout")) {
      context.name = "ExecutePreprocessor.timeout";
      set_timeout(values["timeout"], context);
    }
    for (const auto& [trait, value] : values.items()) {
      if (section == "ExecutePreprocessor" && trait == "timeout") continue;
      apply_trait(section, trait, value, context);
    }
  }
}

void apply_nbgrader_config(CourseConfig& config, notebook::Problems& problems,
                           const RecorderLimits& limits) {
  const auto file = config.root / "nbgrader_config.py";
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(file, ec))) return;
  auto recorded = record_nbgrader_config(file, limits);
  if (auto* failed = std::get_if<RecordError>(&recorded)) {
    problems.push_back({Severity::error, file, std::nullopt, "", failed->message, failed->hint});
    return;
  }
  apply_traits(std::get<RecordedConfig>(recorded), file, config, problems);
}

}  // namespace gradebox::nbgrader_config
