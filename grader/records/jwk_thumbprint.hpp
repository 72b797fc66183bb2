// Key ids: the RFC 7638 JWK thumbprint of an Ed25519 public key as an RFC 8037 OKP JWK, i.e.
// base64url(SHA-256('{"crv":"Ed25519","kty":"OKP","x":"<base64url key>"}')), unpadded.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gradebox::records {

nlohmann::json ed25519_public_jwk(std::string_view raw_public_key);
std::string jwk_thumbprint(const nlohmann::json& okp_jwk);  // requires crv, kty, x
std::string ed25519_key_id(std::string_view raw_public_key);

}  // namespace gradebox::records
