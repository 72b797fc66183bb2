// Owns the verification of one DSSE file against the trust store.
#include "grader/records/envelope_verification.hpp"

#include "grader/records/canonical_json.hpp"
#include "grader/records/dsse_envelope.hpp"
#include "grader/records/grade_record.hpp"
#include "grader/records/manual_grade.hpp"
#include "grader/records/run_manifest.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::records {
namespace {

// The member holding the signing time, per payload type; nullptr for unknown types.
const char* signing_time_member(std::string_view payload_type) {
  if (payload_type == kGradeRecordPayloadType || payload_type == kManualGradePayloadType)
    return "graded_at";
  if (payload_type == kRunManifestPayloadType) return "created_at";
  return nullptr;
}

}  // namespace

VerifiedPayload verify_signed_file(std::string_view file_bytes, const TrustStore& trust) {
  DsseEnvelope envelope;
  try {
    envelope = parse_envelope(file_bytes);
  } catch (const std::invalid_argument& e) {
    throw VerificationError(std::string("malformed envelope: ") + e.what());
  }
  const char* time_member = signing_time_member(envelope.payload_type);
  if (!time_member)
    throw VerificationError("unknown payload type \"" + envelope.payload_type + "\"");

  const std::string pae = pre_authentication_encoding(envelope.payload_type, envelope.payload);
  const TrustedKey* signer = nullptr;
  std::string unknown_key;
  for (const auto& signature : envelope.signatures) {
    const TrustedKey* key = trust.find(signature.key_id);
    if (!key) {
      unknown_key = signature.key_id;
      continue;
    }
    if (key->public_key.verify(pae, signature.signature)) {
      signer = key;
      break;
    }
  }
  if (!signer) {
    if (!unknown_key.empty() && envelope.signatures.size() == 1) {
      throw VerificationError("signed by key " + unknown_key + ", which is not in the trust store");
    }
    throw VerificationError(
        "signature does not verify: the file was altered or signed by another key");
  }

  nlohmann::json body = nlohmann::json::parse(envelope.payload, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    throw VerificationError("signed payload is not a JSON object");
  if (!is_canonical_json(envelope.payload, body))
    throw VerificationError("signed payload is not canonical JSON");
  const auto time_it = body.find(time_member);
  const auto signed_at = time_it != body.end() && time_it->is_string()
                             ? parse_timestamp(time_it->get_ref<const std::string&>())
                             : std::nullopt;
  if (!signed_at)
    throw VerificationError(std::string("signed payload lacks a valid \"") + time_member + "\"");
  if (auto refusal = trust.check_key_use(signer->key_id, *signed_at))
    throw VerificationError(*refusal);
  return {envelope.payload_type, std::move(body), signer->key_id, sha256_hex(file_bytes)};
}

std::string claimed_student(std::string_view file_bytes) {
  try {
    const DsseEnvelope envelope = parse_envelope(file_bytes);
    const nlohmann::json body = nlohmann::json::parse(envelope.payload, nullptr, false);
    if (body.is_object() && body.contains("student") && body["student"].is_string()) {
      return body["student"].get<std::string>();
    }
  } catch (const std::exception&) {
    // an unreadable file simply claims no student
  }
  return "";
}

}  // namespace gradebox::records
