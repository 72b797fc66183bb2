// Turning bodies into signed files: canonical JSON, DSSE envelope, serialised bytes ready to be
// written with write_file_atomically. The manifest entry for a written record comes from the same
// bytes, so the digest a manifest lists is the digest of the file.
#pragma once

#include <string>

#include "grader/records/ed25519_key.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/run_manifest.hpp"

namespace gradebox::records {

std::string sign_grade_record(const GradeRecord& record, const Ed25519PrivateKey& key);
std::string sign_manual_grade(const ManualGrade& grade, const Ed25519PrivateKey& key);
std::string sign_run_manifest(const RunManifest& manifest, const Ed25519PrivateKey& key);

ManifestEntry manifest_entry_for(const GradeRecord& record, const std::string& signed_file_bytes);
ManifestEntry manifest_entry_for(const ManualGrade& grade, const std::string& signed_file_bytes);

}  // namespace gradebox::records
