// The signed run manifest: written once per grading run (or manual grading session) of one
// assignment, it lists the SHA-256 of every record file the run wrote, so deleting a record is
// evident: the newest manifest entry for a student must match a record file that is present.
// Manifests chain: each lists the digests of the manifests already present for the assignment
// when it was written, so deleting an earlier manifest is evident too. (Deleting the newest
// manifest together with all of its records can only be caught by comparing against a digest
// kept elsewhere, e.g. `gradebox verify` output saved by the instructor.)
//
// Body schema "gradebox.run-manifest", schema_version 1, payload type kRunManifestPayloadType:
//   schema, schema_version, run_id, course, assignment, gradebox_version
//   created_at                 RFC 3339 UTC: signing time, and orders manifests (newer supersede)
//   previous_manifests[]       hex SHA-256 of earlier manifest files of this assignment
//   entries[]                  {kind: "grade-record"|"manual-grade", student, notebook, grade_id,
//                               record_id, sha256}; notebook and grade_id are "" for grade records
//   counts                     autograde runs only: {graded, errored, skipped, relisted}, the
//                              run's students by outcome (errored: a record with status "error" or
//                              none at all; relisted: an interrupted run's current record, listed
//                              here); absent in manual grading manifests
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gradebox::records {

inline constexpr std::string_view kRunManifestPayloadType =
    "application/vnd.gradebox.run-manifest+json;version=1";
inline constexpr const char* kRunManifestSchema = "gradebox.run-manifest";
inline constexpr int64_t kRunManifestSchemaVersion = 1;

struct ManifestEntry {
  std::string kind;  // "grade-record" or "manual-grade"
  std::string student;
  std::string notebook;
  std::string grade_id;
  std::string record_id;
  std::string sha256;  // of the record file's exact bytes
};

struct RunCounts {
  int64_t graded = 0;
  int64_t errored = 0;
  int64_t skipped = 0;
  int64_t relisted = 0;
};

struct RunManifest {
  std::string run_id;
  std::string course;
  std::string assignment;
  std::string gradebox_version;
  std::string created_at;
  std::vector<std::string> previous_manifests;
  std::vector<ManifestEntry> entries;
  std::optional<RunCounts> counts;
};

nlohmann::json to_json(const RunManifest& manifest);
RunManifest run_manifest_from_json(const nlohmann::json& body);

}  // namespace gradebox::records
