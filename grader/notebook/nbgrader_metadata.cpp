// nbgrader v3 metadata flags and validation, following nbgrader/nbgraderformat/v3.py and v3.json.
#include "grader/notebook/nbgrader_metadata.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace gradebox::notebook {
namespace {

const Json* nbgrader_of(const Json& cell) {
  const auto meta = cell.find("metadata");
  if (meta == cell.end() || !meta->is_object()) return nullptr;
  const auto nbgrader = meta->find("nbgrader");
  if (nbgrader == meta->end()) return nullptr;
  return &*nbgrader;
}

bool flag(const Json& cell, const char* name) {
  const Json* nbgrader = nbgrader_of(cell);
  if (nbgrader == nullptr || !nbgrader->is_object()) return false;
  const auto value = nbgrader->find(name);
  return value != nbgrader->end() && value->is_boolean() && value->get<bool>();
}

bool valid_grade_id(const std::string& id) {
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

bool is_hex32(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

const std::set<std::string> kKnownKeys = {"schema_version", "grade",    "locked",
                                          "solution",       "task",     "grade_id",
                                          "points",         "checksum", "cell_type"};

// schema_version as nbgrader reads it: absent means 0.
std::optional<std::int64_t> schema_version_of(const Json& nbgrader) {
  const auto v = nbgrader.find("schema_version");
  if (v == nbgrader.end()) return 0;
  if (!v->is_number_integer()) return std::nullopt;
  return v->get<std::int64_t>();
}

}  // namespace

bool has_nbgrader_metadata(const Json& cell) {
  return nbgrader_of(cell) != nullptr;
}
bool is_grade(const Json& cell) {
  return flag(cell, "grade");
}
bool is_solution(const Json& cell) {
  return flag(cell, "solution");
}
bool is_task(const Json& cell) {
  return flag(cell, "task");
}

bool carries_points(const Json& cell) {
  return is_grade(cell) || is_task(cell);
}

bool is_locked(const Json& cell) {
  if (!has_nbgrader_metadata(cell)) return false;
  if (is_solution(cell)) return false;
  if (is_grade(cell)) return true;
  return flag(cell, "locked");
}

std::string grade_id(const Json& cell) {
  const Json* nbgrader = nbgrader_of(cell);
  if (nbgrader == nullptr || !nbgrader->is_object()) return "";
  const auto id = nbgrader->find("grade_id");
  return id != nbgrader->end() && id->is_string() ? id->get<std::string>() : "";
}

std::optional<double> points(const Json& cell) {
  const Json* nbgrader = nbgrader_of(cell);
  if (nbgrader == nullptr || !nbgrader->is_object()) return std::nullopt;
  const auto p = nbgrader->find("points");
  if (p == nbgrader->end() || !p->is_number()) return std::nullopt;
  return p->get<double>();
}

Problems validate_nbgrader_cell(const Json& cell, std::size_t index,
                                const std::filesystem::path& file) {
  Problems problems;
  const Json* nbgrader = nbgrader_of(cell);
  if (nbgrader == nullptr) return problems;
  const std::string id = grade_id(cell);
  const auto report = [&](Severity severity, std::string message, std::string hint) {
    problems.push_back({severity, file, index, id, std::move(message), std::move(hint)});
  };
  if (!nbgrader->is_object()) {
    report(Severity::error, "metadata.nbgrader is not an object",
           "remove it and set the cell type again in the Create Assignment toolbar");
    return problems;
  }

  const auto version = schema_version_of(*nbgrader);
  if (!version) {
    report(Severity::error, "schema_version is not an integer",
           "set \"schema_version\": 3 in the cell's nbgrader metadata");
    return problems;
  }
  if (*version < kNbgraderSchemaVersion) {
    report(
        Severity::error,
        "outdated nbgrader metadata schema version " + std::to_string(*version) + " (expected 3)",
        "back up the course directory, then upgrade the metadata with `nbgrader update "
        "<notebook or folder>`");
    return problems;
  }
  if (*version > kNbgraderSchemaVersion) {
    report(
        Severity::error,
        "nbgrader metadata schema version " + std::to_string(*version) + " is too new (expected 3)",
        "this notebook was made by a newer nbgrader; recreate the metadata with the "
        "nbgrader version this course uses");
    return problems;
  }

  // The v3 JSON schema.
  for (const auto& item : nbgrader->items())
    if (kKnownKeys.count(item.key()) == 0)
      report(Severity::error, "unknown key '" + item.key() + "' in nbgrader metadata",
             "remove the key (nbgrader's schema allows no other keys)");
  for (const char* required : {"grade", "locked", "solution"}) {
    const auto v = nbgrader->find(required);
    if (v == nbgrader->end())
      report(Severity::error, std::string("required flag '") + required + "' is missing",
             std::string("add \"") + required + "\": false (or true) to the nbgrader metadata");
    else if (!v->is_boolean())
      report(Severity::error, std::string("flag '") + required + "' is not true/false",
             "use a JSON boolean");
  }
  if (const auto v = nbgrader->find("task"); v != nbgrader->end() && !v->is_boolean())
    report(Severity::error, "flag 'task' is not true/false", "use a JSON boolean");
  const auto id_field = nbgrader->find("grade_id");
  if (id_field != nbgrader->end()) {
    if (!id_field->is_string())
      report(Severity::error, "grade_id is not a string", "use a string id");
    else if (!valid_grade_id(id_field->get<std::string>()))
      report(Severity::error,
             "grade_id '" + id_field->get<std::string>() + "' has characters outside [a-zA-Z0-9_-]",
             "rename it using letters, digits, '_' and '-' only");
  }
  const auto points_field = nbgrader->find("points");
  if (points_field != nbgrader->end()) {
    if (!points_field->is_number())
      report(Severity::error, "points is not a number", "write points as a number, e.g. 2");
    else if (points_field->get<double>() < 0)
      report(Severity::error, "points is negative", "points must be 0 or more");
  }
  if (const auto v = nbgrader->find("checksum");
      v != nbgrader->end() && !(v->is_string() && is_hex32(v->get<std::string>())))
    report(Severity::error, "checksum is not 32 hexadecimal digits",
           "remove the checksum; release computes it");
  const auto type_field = nbgrader->find("cell_type");
  if (type_field != nbgrader->end()) {
    const bool known = type_field->is_string() &&
                       (*type_field == "code" || *type_field == "markdown" || *type_field == "raw");
    if (!known)
      report(Severity::error, "cell_type in nbgrader metadata is not code, markdown or raw",
             "remove it; release records it");
    else if (*type_field != cell.at("cell_type"))
      report(
          Severity::warning,
          "cell type has changed from " + type_field->get<std::string>() + " to " + cell_type(cell),
          "change the cell back to " + type_field->get<std::string>());
  }

  // The rules nbgrader's MetadataValidatorV3.validate_cell adds on top of the schema.
  const bool grade = flag(cell, "grade"), solution = flag(cell, "solution"),
             locked = flag(cell, "locked"), task = flag(cell, "task");
  const std::string type = cell_type(cell);
  if (grade || solution || locked) {
    if (id_field == nbgrader->end())
      report(Severity::error, "nbgrader cell does not have a grade_id",
             "give the cell an id in the Create Assignment toolbar");
    else if (id_field->is_string() && id_field->get<std::string>().empty())
      report(Severity::error, "grade_id is empty", "give the cell a non-empty, unique id");
  }
  if (grade && points_field == nbgrader->end())
    report(Severity::error, "grade cell '" + id + "' does not have points",
           "set the cell's points in the Create Assignment toolbar");
  if (!task) {
    if (type == "markdown" && grade && !solution)
      report(Severity::error, "markdown grade cell '" + id + "' is not marked as a solution cell",
             "make it a \"Manually graded answer\" (grade and solution) or remove grade");
    if (type == "markdown" && !grade && solution)
      report(Severity::error, "markdown solution cell is not marked as a grade cell",
             "make it a \"Manually graded answer\" (grade and solution) with points");
  } else if (type != "markdown") {
    report(Severity::error, "task cells have to be markdown",
           "change the cell to markdown or make it a different nbgrader cell type");
  }
  return problems;
}

Problems validate_nbgrader_notebook(const Notebook& notebook) {
  Problems problems;
  const auto& file = notebook.origin();
  std::map<std::int64_t, std::vector<std::size_t>> mismatched;  // schema version -> cells
  std::map<std::string, std::size_t> first_cell_with_id;
  for (std::size_t i = 0; i < notebook.cell_count(); ++i) {
    const Json& cell = notebook.cell(i);
    const Json* nbgrader = nbgrader_of(cell);
    if (nbgrader == nullptr) continue;
    if (nbgrader->is_object()) {
      const auto version = schema_version_of(*nbgrader);
      if (version && *version != kNbgraderSchemaVersion) {
        mismatched[*version].push_back(i);
        continue;
      }
    }
    for (auto& p : validate_nbgrader_cell(cell, i, file)) problems.push_back(std::move(p));
    if (!(is_grade(cell) || is_solution(cell) || flag(cell, "locked"))) continue;
    const std::string id = grade_id(cell);
    const auto [it, inserted] = first_cell_with_id.emplace(id, i);
    if (!inserted && !id.empty())
      problems.push_back(
          {Severity::error, file, i, id,
           "duplicate grade id '" + id + "' (also used by cell " + std::to_string(it->second) + ")",
           "give each graded, solution and read-only cell its own id"});
  }
  for (const auto& [version, cells] : mismatched) {
    // One message per schema version, at its first cell, with the count.
    Problems one = validate_nbgrader_cell(notebook.cell(cells.front()), cells.front(), file);
    if (one.empty()) continue;
    one.front().message += " in " + std::to_string(cells.size()) + " cell(s)";
    problems.push_back(std::move(one.front()));
  }
  return problems;
}

}  // namespace gradebox::notebook
