// Verifies one signed file: exact bytes first (DSSE signature over PAE with a trusted key), only
// then the body is parsed; the body must be canonical JSON of a known payload type, and the key
// must have been allowed to sign at the body's signing time (trust_store.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "grader/records/trust_store.hpp"

namespace gradebox::records {

struct VerificationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct VerifiedPayload {
  std::string payload_type;
  nlohmann::json body;  // parsed only after the signature checked out
  std::string key_id;
  std::string file_sha256;  // of the exact file bytes (what manifests list)
};

// Throws VerificationError saying why the file is not acceptable.
VerifiedPayload verify_signed_file(std::string_view file_bytes, const TrustStore& trust);

// Best effort for error reports: the "student" a file claims, without trusting it ("" if none).
std::string claimed_student(std::string_view file_bytes);

}  // namespace gradebox::records
