// The key directory `gradebox keygen` manages (default <course>/.gradebox/keys, mode 0700):
//   <kid>.key.pem    PKCS#8 PEM private key, mode 0600
//   <kid>.pub.jwk    the public key as an OKP JWK (for anyone who verifies)
//   trust.json       the trust store (trust_store.hpp); a new key is active and every earlier
//                    active key is retired at the same instant, so rotation keeps old records valid
#pragma once

#include <filesystem>
#include <string>

#include "grader/records/ed25519_key.hpp"
#include "grader/records/rfc3339.hpp"
#include "grader/records/trust_store.hpp"

namespace gradebox::records {

inline constexpr const char* kTrustStoreFileName = "trust.json";

struct GeneratedKey {
  std::string key_id;
  std::filesystem::path private_key_path;
  std::filesystem::path public_key_path;
  std::filesystem::path trust_store_path;
};

// `private_key_file` non-empty: the private key goes there (e.g. into a Kubernetes Secret's source,
// outside the course) and only the public key and trust store go into `directory`.
GeneratedKey generate_signing_key(const std::filesystem::path& directory, UtcSeconds now,
                                  const std::string& comment = "",
                                  const std::filesystem::path& private_key_file = {});

struct SigningKey {
  std::string key_id;
  Ed25519PrivateKey private_key;
};

// The single active key of the directory's trust store whose private key file is present.
// Throws std::runtime_error with a hint when there is none or the key file is too permissive.
SigningKey load_active_signing_key(const std::filesystem::path& directory);

// The private key in `file` (`gradebox autograde --key`), which must be an active key of `trust`
// (else records it signs would not verify). Throws std::runtime_error with a hint.
SigningKey load_signing_key_file(const std::filesystem::path& file, const TrustStore& trust,
                                 const std::filesystem::path& trust_path);

}  // namespace gradebox::records
