// Owns SHA-256 hashing through OpenSSL's one-shot EVP_Digest.
#include "grader/records/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "grader/records/file_io.hpp"

namespace gradebox::records {

std::string sha256_raw(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: with EVP_sha256() OpenSSL 3 fetches the implementation again on every call.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (sha256 == nullptr ||
      EVP_Digest(bytes.data(), bytes.size(), digest, &length, sha256, nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed inside OpenSSL");
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string sha256_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string raw = sha256_raw(bytes);
  std::string hex;
  hex.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

std::string sha256_file_hex(const std::filesystem::path& path) {
  return sha256_hex(read_file(path));
}

}  // namespace gradebox::records
