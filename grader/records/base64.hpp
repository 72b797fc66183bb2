// Base64 (RFC 4648 §4, padded: DSSE payloads and signatures) and base64url (§5, unpadded: JWK
// members and key ids). Decoding is strict: a wrong alphabet or bad padding is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gradebox::records {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);

// nullopt when the text is not valid in that alphabet (including whitespace and bad padding).
std::optional<std::string> base64_decode(std::string_view text);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace gradebox::records
