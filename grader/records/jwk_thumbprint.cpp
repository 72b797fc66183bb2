// Owns the JWK form of Ed25519 public keys and their RFC 7638 thumbprints.
#include "grader/records/jwk_thumbprint.hpp"

#include <stdexcept>

#include "grader/records/base64.hpp"
#include "grader/records/canonical_json.hpp"
#include "grader/records/sha256.hpp"

namespace gradebox::records {

nlohmann::json ed25519_public_jwk(std::string_view raw_public_key) {
  return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(raw_public_key)}};
}

std::string jwk_thumbprint(const nlohmann::json& okp_jwk) {
  for (const char* member : {"crv", "kty", "x"}) {
    if (!okp_jwk.contains(member) || !okp_jwk[member].is_string()) {
      throw std::invalid_argument(std::string("OKP JWK lacks the string member \"") + member +
                                  "\"");
    }
  }
  // RFC 7638 §3.2: only the required members, sorted, no whitespace: exactly canonical_json.
  const nlohmann::json required = {
      {"crv", okp_jwk["crv"]}, {"kty", okp_jwk["kty"]}, {"x", okp_jwk["x"]}};
  return base64url_encode(sha256_raw(canonical_json(required)));
}

std::string ed25519_key_id(std::string_view raw_public_key) {
  return jwk_thumbprint(ed25519_public_jwk(raw_public_key));
}

}  // namespace gradebox::records
