// The trust store: the public keys whose signatures gradebox accepts, each with a validity window
// and a status. It is the root of trust, so it is not itself signed; keep it where students cannot
// write (the course's .gradebox/keys/ by default, or the instructor's own copy for export).
//
// File schema "gradebox.trust-store", schema_version 1 (JSON, written pretty-printed):
//   {"schema": "gradebox.trust-store", "schema_version": 1,
//    "keys": [{"key_id": RFC 7638 thumbprint (checked against jwk on load),
//              "jwk": {"kty": "OKP", "crv": "Ed25519", "x": base64url},
//              "status": "active" | "retired" | "revoked",
//              "not_before": RFC 3339, "not_after": RFC 3339 or "" (open-ended),
//              "comment": free text}]}
// Rules, applied to a payload's signing time (graded_at or created_at, inside the signed body):
//   active, retired: valid when not_before <= time < not_after. Retiring a key (rotation) closes
//                    its window, so records it signed earlier stay valid and later ones do not.
//   revoked:         nothing it signed is accepted (the key may be compromised, and a thief
//                    can backdate a signing time).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grader/records/ed25519_key.hpp"
#include "grader/records/rfc3339.hpp"

namespace gradebox::records {

enum class KeyStatus { active, retired, revoked };
std::string_view to_string(KeyStatus status);

struct TrustedKey {
  std::string key_id;
  Ed25519PublicKey public_key;
  KeyStatus status = KeyStatus::active;
  UtcSeconds not_before{};
  std::optional<UtcSeconds> not_after;
  std::string comment;
};

class TrustStore {
 public:
  // Throws std::runtime_error naming the file and the problem.
  static TrustStore load(const std::filesystem::path& path);
  static TrustStore parse(std::string_view text, const std::string& source_name);

  std::string to_json_text() const;
  void save(const std::filesystem::path& path) const;  // atomic, mode 0644

  // Throws std::invalid_argument when the key id is already present.
  void add(TrustedKey key);
  const TrustedKey* find(std::string_view key_id) const;
  TrustedKey* find(std::string_view key_id);
  const std::vector<TrustedKey>& keys() const { return keys_; }

  // Rotation: every active key becomes retired, its window closing at `when`.
  void retire_active_keys(UtcSeconds when);

  // nullopt when `key_id` may have signed at `signed_at`, else the reason it may not.
  std::optional<std::string> check_key_use(std::string_view key_id, UtcSeconds signed_at) const;

 private:
  std::vector<TrustedKey> keys_;
};

}  // namespace gradebox::records
