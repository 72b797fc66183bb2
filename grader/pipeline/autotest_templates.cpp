// Owns finding and parsing autotests.yml (libyaml's document API, as PyYAML's safe_load reads it).
#include "grader/pipeline/autotest_templates.hpp"

#include <yaml.h>

#include <fstream>
#include <memory>

#include "grader/notebook/jupyter_json.hpp"

namespace gradebox::pipeline {
namespace fs = std::filesystem;
using notebook::Json;
using notebook::Severity;

namespace {

constexpr std::uintmax_t kMaxAutotestBytes = 1 << 20;
constexpr int kMaxYamlDepth = 32;

bool is_yaml_null(const yaml_node_t& node) {
  if (node.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
  const std::string text(reinterpret_cast<const char*>(node.data.scalar.value),
                         node.data.scalar.length);
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// Scalars as strings (the templates are text), plain null forms as null.
Json to_json(yaml_document_t& doc, yaml_node_t* node, int depth) {
  if (!node || depth > kMaxYamlDepth) return nullptr;
  switch (node->type) {
    case YAML_SCALAR_NODE:
      if (is_yaml_null(*node)) return nullptr;
      return std::string(reinterpret_cast<const char*>(node->data.scalar.value),
                         node->data.scalar.length);
    case YAML_SEQUENCE_NODE: {
      Json array = Json::array();
      for (auto* item = node->data.sequence.items.start; item < node->data.sequence.items.top;
           ++item)
        array.push_back(to_json(doc, yaml_document_get_node(&doc, *item), depth + 1));
      return array;
    }
    case YAML_MAPPING_NODE: {
      Json object = Json::object();
      for (auto* pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top;
           ++pair) {
        const Json key = to_json(doc, yaml_document_get_node(&doc, pair->key), depth + 1);
        if (!key.is_string()) continue;
        object[key.get<std::string>()] =
            to_json(doc, yaml_document_get_node(&doc, pair->value), depth + 1);
      }
      return object;
    }
    default:
      return nullptr;
  }
}

// The YAML document as JSON, or the parser's message with its line.
std::optional<Json> parse_yaml(const std::string& text, std::string& error) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    error = "cannot start the YAML parser";
    return std::nullopt;
  }
  const std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> parser_guard(&parser,
                                                                              yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  yaml_document_t doc;
  if (!yaml_parser_load(&parser, &doc)) {
    error = std::string("invalid YAML: ") + (parser.problem ? parser.problem : "parse error") +
            " at line " + std::to_string(parser.problem_mark.line + 1);
    return std::nullopt;
  }
  const std::unique_ptr<yaml_document_t, void (*)(yaml_document_t*)> doc_guard(
      &doc, yaml_document_delete);
  return to_json(doc, yaml_document_get_root_node(&doc), 0);
}

std::optional<std::string> optional_text(const Json& section, const char* key) {
  const auto it = section.find(key);
  if (it == section.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

LoadedAutotests parse_autotests(const std::string& yaml_text, const fs::path& file,
                                const std::string& kernel_name) {
  LoadedAutotests loaded;
  const auto refuse = [&](std::string message, std::string hint) {
    loaded.problems.push_back(
        {Severity::error, file, std::nullopt, "", std::move(message), std::move(hint)});
    return loaded;
  };
  std::string error;
  const auto root = parse_yaml(yaml_text, error);
  if (!root)
    return refuse(error, "fix the YAML (nbgrader's docs course has an example autotests.yml)");
  if (!root->is_object() || !root->contains(kernel_name) || !(*root)[kernel_name].is_object())
    return refuse("no section for kernel \"" + kernel_name + "\"",
                  "add a top-level \"" + kernel_name +
                      ":\" mapping with dispatch, normalize, check, templates");
  const Json& section = (*root)[kernel_name];
  AutotestTemplates t;
  t.file = file;
  for (const auto& [key, target] :
       {std::pair{"dispatch", &t.dispatch}, std::pair{"normalize", &t.normalize},
        std::pair{"check", &t.check}}) {
    const auto text = optional_text(section, key);
    if (!text)
      return refuse(kernel_name + "." + key + " is missing or not a string",
                    "nbgrader requires it");
    *target = *text;
  }
  t.setup = optional_text(section, "setup");
  t.hash = optional_text(section, "hash");
  t.success = optional_text(section, "success");
  const auto templates = section.find("templates");
  if (templates == section.end() || !templates->is_object())
    return refuse(kernel_name + ".templates is missing or not a mapping",
                  "map each type to a list of {test, fail}");
  for (const auto& [type, cases] : templates->items()) {
    auto& list = t.by_type[type];
    if (!cases.is_array())
      return refuse(kernel_name + ".templates." + type + " is not a list",
                    "write a list of {test, fail} entries");
    for (const auto& c : cases) {
      if (!c.is_object() || !c.contains("test") || !c.contains("fail") || !c["test"].is_string() ||
          !c["fail"].is_string())
        return refuse(kernel_name + ".templates." + type +
                          ": every entry needs a \"test\" and a \"fail\" string",
                      "write each entry as {test: \"...\", fail: \"...\"}");
      list.push_back({c["test"].get<std::string>(), c["fail"].get<std::string>()});
    }
  }
  loaded.templates = std::move(t);
  return loaded;
}

LoadedAutotests load_autotests(const fs::path& notebook_dir, const fs::path& course_root,
                               const std::string& kernel_name) {
  for (const fs::path& file : {notebook_dir / kAutotestFileName, course_root / kAutotestFileName}) {
    std::error_code ec;
    const auto status = fs::symlink_status(file, ec);
    if (!fs::exists(status)) continue;
    LoadedAutotests loaded;
    if (!fs::is_regular_file(status) || fs::file_size(file, ec) > kMaxAutotestBytes) {
      loaded.problems.push_back({Severity::error, file, std::nullopt, "",
                                 "not a regular file of at most 1 MiB",
                                 "replace it with a plain YAML file"});
      return loaded;
    }
    std::ifstream in(file, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    return parse_autotests(text, file, kernel_name);
  }
  LoadedAutotests missing;
  missing.problems.push_back(
      {Severity::error, notebook_dir / kAutotestFileName, std::nullopt, "",
       "the notebook has ### AUTOTEST directives but there is no autotests.yml here "
       "or in the course root",
       "add autotests.yml (nbgrader's templates) to the course root"});
  return missing;
}

}  // namespace gradebox::pipeline
