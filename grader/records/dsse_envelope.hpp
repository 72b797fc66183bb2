// DSSE envelopes (github.com/secure-systems-lab/dsse, v1.0): {"payload": base64(body),
// "payloadType": type, "signatures": [{"keyid": id, "sig": base64(signature)}]}. Signatures are
// Ed25519 over PAE(type, body) = "DSSEv1 <len(type)> <type> <len(body)> <body>" (decimal byte
// lengths), so the payload type is signed too and a record cannot be replayed as another kind.
// gradebox writes envelopes as canonical JSON plus one newline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "grader/records/ed25519_key.hpp"

namespace gradebox::records {

struct DsseSignature {
  std::string key_id;
  std::string signature;  // raw 64 bytes
};

struct DsseEnvelope {
  std::string payload_type;
  std::string payload;  // the exact signed body bytes
  std::vector<DsseSignature> signatures;
};

std::string pre_authentication_encoding(std::string_view payload_type, std::string_view payload);

// Signs `payload` with `key` under the key's RFC 7638 id.
DsseEnvelope sign_envelope(std::string_view payload_type, std::string payload,
                           const Ed25519PrivateKey& key);

std::string serialize_envelope(const DsseEnvelope& envelope);

// Throws std::invalid_argument saying what is malformed (JSON, members, base64).
DsseEnvelope parse_envelope(std::string_view file_bytes);

}  // namespace gradebox::records
