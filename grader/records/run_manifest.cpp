// Owns the run manifest body: its JSON form and strict reading.
#include "grader/records/run_manifest.hpp"

#include <stdexcept>

#include "grader/records/json_fields.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

nlohmann::json to_json(const RunManifest& m) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : m.entries) {
    entries.push_back({{"kind", e.kind},
                       {"student", e.student},
                       {"notebook", e.notebook},
                       {"grade_id", e.grade_id},
                       {"record_id", e.record_id},
                       {"sha256", e.sha256}});
  }
  nlohmann::json body = {
      {"schema", kRunManifestSchema}, {"schema_version", kRunManifestSchemaVersion},
      {"run_id", m.run_id},           {"course", m.course},
      {"assignment", m.assignment},   {"gradebox_version", m.gradebox_version},
      {"created_at", m.created_at},   {"previous_manifests", m.previous_manifests},
      {"entries", std::move(entries)}};
  if (m.counts)
    body["counts"] = {{"graded", m.counts->graded},
                      {"errored", m.counts->errored},
                      {"skipped", m.counts->skipped},
                      {"relisted", m.counts->relisted}};
  return body;
}

RunManifest run_manifest_from_json(const nlohmann::json& body) {
  require_schema(body, kRunManifestSchema, kRunManifestSchemaVersion);
  RunManifest m;
  m.run_id = require_string(body, "run_id");
  m.course = require_string(body, "course");
  m.assignment = require_string(body, "assignment");
  m.gradebox_version = require_string(body, "gradebox_version");
  m.created_at = require_string(body, "created_at");
  if (!parse_timestamp(m.created_at))
    throw std::invalid_argument("created_at is not an RFC 3339 time: " + m.created_at);
  for (const auto& digest : require_array(body, "previous_manifests")) {
    if (!digest.is_string()) throw std::invalid_argument("previous_manifests must hold strings");
    m.previous_manifests.push_back(digest.get<std::string>());
  }
  for (const auto& e : require_array(body, "entries")) {
    ManifestEntry entry{require_string(e, "kind"),      require_string(e, "student"),
                        require_string(e, "notebook"),  require_string(e, "grade_id"),
                        require_string(e, "record_id"), require_string(e, "sha256")};
    if (entry.kind != "grade-record" && entry.kind != "manual-grade") {
      throw std::invalid_argument("manifest entry kind \"" + entry.kind + "\" is unknown");
    }
    m.entries.push_back(std::move(entry));
  }
  if (body.contains("counts")) {
    const auto& counts = require_object(body, "counts");
    m.counts = RunCounts{require_integer(counts, "graded"), require_integer(counts, "errored"),
                         require_integer(counts, "skipped"), require_integer(counts, "relisted")};
  }
  return m;
}

}  // namespace gradebox::records
