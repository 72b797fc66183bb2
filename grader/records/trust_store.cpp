// Owns the trust store file and the key-use rules.
#include "grader/records/trust_store.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "grader/records/base64.hpp"
#include "grader/records/file_io.hpp"
#include "grader/records/json_fields.hpp"
#include "grader/records/jwk_thumbprint.hpp"

namespace gradebox::records {
namespace {

constexpr const char* kSchema = "gradebox.trust-store";
constexpr int64_t kSchemaVersion = 1;

KeyStatus parse_status(const std::string& text) {
  if (text == "active") return KeyStatus::active;
  if (text == "retired") return KeyStatus::retired;
  if (text == "revoked") return KeyStatus::revoked;
  throw std::invalid_argument("status \"" + text + "\" is not active, retired or revoked");
}

UtcSeconds parse_time_member(const nlohmann::json& entry, const char* name) {
  const std::string text = require_string(entry, name);
  const auto time = parse_timestamp(text);
  if (!time)
    throw std::invalid_argument(std::string(name) + " \"" + text + "\" is not an RFC 3339 time");
  return *time;
}

TrustedKey parse_key(const nlohmann::json& entry) {
  const std::string key_id = require_string(entry, "key_id");
  const auto& jwk = require_object(entry, "jwk");
  if (require_string(jwk, "kty") != "OKP" || require_string(jwk, "crv") != "Ed25519") {
    throw std::invalid_argument("key " + key_id + ": only OKP/Ed25519 keys are supported");
  }
  const auto raw = base64url_decode(require_string(jwk, "x"));
  if (!raw) throw std::invalid_argument("key " + key_id + ": jwk.x is not base64url");
  if (jwk_thumbprint(jwk) != key_id) {
    throw std::invalid_argument("key_id " + key_id +
                                " is not the RFC 7638 thumbprint of its jwk (" +
                                jwk_thumbprint(jwk) + ")");
  }
  TrustedKey key{key_id,
                 Ed25519PublicKey::from_raw(*raw),
                 parse_status(require_string(entry, "status")),
                 parse_time_member(entry, "not_before"),
                 std::nullopt,
                 require_string(entry, "comment")};
  if (!require_string(entry, "not_after").empty())
    key.not_after = parse_time_member(entry, "not_after");
  return key;
}

}  // namespace

std::string_view to_string(KeyStatus status) {
  switch (status) {
    case KeyStatus::active:
      return "active";
    case KeyStatus::retired:
      return "retired";
    case KeyStatus::revoked:
      return "revoked";
  }
  return "unknown";
}

TrustStore TrustStore::load(const std::filesystem::path& path) {
  return parse(read_file(path), path.string());
}

TrustStore TrustStore::parse(std::string_view text, const std::string& source_name) {
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    require_schema(json, kSchema, kSchemaVersion);
    TrustStore store;
    for (const auto& entry : require_array(json, "keys")) store.add(parse_key(entry));
    return store;
  } catch (const std::exception& e) {
    throw std::runtime_error("trust store " + source_name + ": " + e.what() +
                             " (hint: `gradebox keygen` writes a valid one)");
  }
}

std::string TrustStore::to_json_text() const {
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (const auto& key : keys_) {
    const nlohmann::json jwk = ed25519_public_jwk(key.public_key.raw());
    keys.push_back({{"key_id", key.key_id},
                    {"jwk", {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", jwk["x"]}}},
                    {"status", to_string(key.status)},
                    {"not_before", format_rfc3339_utc(key.not_before)},
                    {"not_after", key.not_after ? format_rfc3339_utc(*key.not_after) : ""},
                    {"comment", key.comment}});
  }
  const nlohmann::ordered_json json = {
      {"schema", kSchema}, {"schema_version", kSchemaVersion}, {"keys", keys}};
  return json.dump(2) + "\n";
}

void TrustStore::save(const std::filesystem::path& path) const {
  write_file_atomically(path, to_json_text(), 0644);
}

void TrustStore::add(TrustedKey key) {
  if (find(key.key_id)) throw std::invalid_argument("key " + key.key_id + " is listed twice");
  keys_.push_back(std::move(key));
}

const TrustedKey* TrustStore::find(std::string_view key_id) const {
  for (const auto& key : keys_) {
    if (key.key_id == key_id) return &key;
  }
  return nullptr;
}

TrustedKey* TrustStore::find(std::string_view key_id) {
  return const_cast<TrustedKey*>(std::as_const(*this).find(key_id));
}

void TrustStore::retire_active_keys(UtcSeconds when) {
  for (auto& key : keys_) {
    if (key.status != KeyStatus::active) continue;
    key.status = KeyStatus::retired;
    if (!key.not_after || *key.not_after > when) key.not_after = when;
  }
}

std::optional<std::string> TrustStore::check_key_use(std::string_view key_id,
                                                     UtcSeconds signed_at) const {
  const TrustedKey* key = find(key_id);
  if (!key) return "signed by key " + std::string(key_id) + ", which is not in the trust store";
  if (key->status == KeyStatus::revoked) return "signed by revoked key " + key->key_id;
  if (signed_at < key->not_before || (key->not_after && signed_at >= *key->not_after)) {
    return "signed at " + format_rfc3339_utc(signed_at) + ", outside the validity window of key " +
           key->key_id + " [" + format_rfc3339_utc(key->not_before) + ", " +
           (key->not_after ? format_rfc3339_utc(*key->not_after) : std::string("open")) + ")";
  }
  return std::nullopt;
}

}  // namespace gradebox::records
