// Owns the DSSE envelope: PAE, signing, and the envelope's JSON form.
#include "grader/records/dsse_envelope.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "grader/records/base64.hpp"
#include "grader/records/canonical_json.hpp"
#include "grader/records/jwk_thumbprint.hpp"

namespace gradebox::records {

std::string pre_authentication_encoding(std::string_view payload_type, std::string_view payload) {
  std::string pae = "DSSEv1 ";
  pae.reserve(pae.size() + payload_type.size() + payload.size() + 48);
  pae += std::to_string(payload_type.size());
  pae += ' ';
  pae += payload_type;
  pae += ' ';
  pae += std::to_string(payload.size());
  pae += ' ';
  pae += payload;
  return pae;
}

DsseEnvelope sign_envelope(std::string_view payload_type, std::string payload,
                           const Ed25519PrivateKey& key) {
  DsseEnvelope envelope{std::string(payload_type), std::move(payload), {}};
  envelope.signatures.push_back(
      {ed25519_key_id(key.public_raw()),
       key.sign(pre_authentication_encoding(payload_type, envelope.payload))});
  return envelope;
}

std::string serialize_envelope(const DsseEnvelope& envelope) {
  nlohmann::json signatures = nlohmann::json::array();
  for (const auto& s : envelope.signatures) {
    signatures.push_back({{"keyid", s.key_id}, {"sig", base64_encode(s.signature)}});
  }
  const nlohmann::json json = {{"payload", base64_encode(envelope.payload)},
                               {"payloadType", envelope.payload_type},
                               {"signatures", std::move(signatures)}};
  return canonical_json(json) + "\n";
}

DsseEnvelope parse_envelope(std::string_view file_bytes) {
  const nlohmann::json json = nlohmann::json::parse(file_bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw std::invalid_argument("not a JSON object (expected a DSSE envelope)");
  const auto string_member = [&](const nlohmann::json& object,
                                 const char* name) -> const std::string& {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string()) {
      throw std::invalid_argument(std::string("DSSE envelope lacks the string member \"") + name +
                                  "\"");
    }
    return it->get_ref<const std::string&>();
  };
  DsseEnvelope envelope;
  envelope.payload_type = string_member(json, "payloadType");
  auto payload = base64_decode(string_member(json, "payload"));
  if (!payload) throw std::invalid_argument("DSSE payload is not valid base64");
  envelope.payload = std::move(*payload);
  const auto signatures = json.find("signatures");
  if (signatures == json.end() || !signatures->is_array() || signatures->empty()) {
    throw std::invalid_argument("DSSE envelope has no signatures");
  }
  for (const auto& entry : *signatures) {
    if (!entry.is_object()) throw std::invalid_argument("DSSE signature entry is not an object");
    auto signature = base64_decode(string_member(entry, "sig"));
    if (!signature) throw std::invalid_argument("DSSE signature is not valid base64");
    const auto keyid = entry.find("keyid");
    envelope.signatures.push_back(
        {keyid != entry.end() && keyid->is_string() ? keyid->get<std::string>() : "",
         std::move(*signature)});
  }
  return envelope;
}

}  // namespace gradebox::records
