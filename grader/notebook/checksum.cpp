// nbgrader checksum via OpenSSL's EVP MD5.
#include "grader/notebook/checksum.hpp"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "grader/notebook/nbgrader_metadata.hpp"
#include "grader/notebook/python_float.hpp"

namespace gradebox::notebook {

std::string md5_hex(std::string_view bytes) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // Fetched once: an implicit fetch per digest costs as much as hashing a small cell.
  static EVP_MD* const md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  if (!ctx || md5 == nullptr || EVP_DigestInit_ex(ctx.get(), md5, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
    throw std::runtime_error("OpenSSL MD5 failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::string compute_checksum(const Json& cell) {
  const auto python_bool = [](bool b) { return b ? "True" : "False"; };
  std::string input = cell_source(cell);
  input += cell_type(cell);
  input += python_bool(is_grade(cell));
  input += python_bool(is_solution(cell));
  input += python_bool(is_locked(cell));
  input += grade_id(cell);
  if (is_grade(cell)) input += python_float_repr(points(cell).value_or(0.0));
  return md5_hex(input);
}

}  // namespace gradebox::notebook
