// nbgrader's feedback file names (see feedback_hash.hpp).
#include "grader/exchange/feedback_hash.hpp"

#include <openssl/evp.h>
#include <sys/random.h>

#include <array>
#include <stdexcept>

namespace gradebox::exchange {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

}  // namespace

std::string feedback_hash(std::string_view submission_secret, std::string_view notebook_id) {
  const std::string input = std::string(submission_secret) + std::string(notebook_id);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 is not available from OpenSSL");
  return hex(digest, length);
}

std::string new_submission_secret() {
  std::array<unsigned char, 64> bytes{};
  if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size()))
    throw std::runtime_error("getrandom failed");
  return hex(bytes.data(), bytes.size());
}

}  // namespace gradebox::exchange
