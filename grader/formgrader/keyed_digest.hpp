// The few secrets the formgrader makes and checks: random tokens, HMAC-SHA256 tags (session
// cookies, CSRF tokens, pseudonyms) and a comparison that takes the same time however many
// leading bytes match.
#pragma once

#include <string>
#include <string_view>

namespace gradebox::formgrader {

// `bytes` random bytes (OpenSSL RAND_bytes) as lowercase hex.
std::string random_hex(std::size_t bytes);

// HMAC-SHA256(key, message) as 64 lowercase hex chars.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

bool same_secret(std::string_view a, std::string_view b);

}  // namespace gradebox::formgrader
