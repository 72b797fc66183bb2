// Owns signing of the three body kinds and their manifest entries.
#include "grader/records/record_signing.hpp"

#include "grader/records/canonical_json.hpp"
#include "grader/records/dsse_envelope.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::records {

std::string sign_grade_record(const GradeRecord& record, const Ed25519PrivateKey& key) {
  return serialize_envelope(
      sign_envelope(kGradeRecordPayloadType, canonical_json(to_json(record)), key));
}

std::string sign_manual_grade(const ManualGrade& grade, const Ed25519PrivateKey& key) {
  return serialize_envelope(
      sign_envelope(kManualGradePayloadType, canonical_json(to_json(grade)), key));
}

std::string sign_run_manifest(const RunManifest& manifest, const Ed25519PrivateKey& key) {
  return serialize_envelope(
      sign_envelope(kRunManifestPayloadType, canonical_json(to_json(manifest)), key));
}

ManifestEntry manifest_entry_for(const GradeRecord& record, const std::string& signed_file_bytes) {
  return {"grade-record", record.student, "", "", record.record_id, sha256_hex(signed_file_bytes)};
}

ManifestEntry manifest_entry_for(const ManualGrade& grade, const std::string& signed_file_bytes) {
  return {"manual-grade", grade.student,   grade.notebook,
          grade.grade_id, grade.record_id, sha256_hex(signed_file_bytes)};
}

}  // namespace gradebox::records
