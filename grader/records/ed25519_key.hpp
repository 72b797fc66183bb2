// Ed25519 keys through OpenSSL 3 EVP. Private keys live on disk as PKCS#8 PEM with mode 0600; a
// private key file readable by group or others is refused, because anyone who can read it can
// forge grades.
#pragma once

#include <openssl/evp.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace gradebox::records {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

class Ed25519PublicKey {
 public:
  // Throws std::invalid_argument unless `raw` is 32 bytes forming a valid key.
  static Ed25519PublicKey from_raw(std::string_view raw);

  bool verify(std::string_view message, std::string_view signature) const;
  const std::string& raw() const { return raw_; }

 private:
  Ed25519PublicKey(EvpPkeyPtr key, std::string raw) : key_(std::move(key)), raw_(std::move(raw)) {}
  std::shared_ptr<EVP_PKEY> key_;
  std::string raw_;
};

class Ed25519PrivateKey {
 public:
  static Ed25519PrivateKey generate();
  static Ed25519PrivateKey from_seed(std::string_view seed32);  // RFC 8032 test vectors
  // Throws std::runtime_error naming the path: unreadable, not PKCS#8 Ed25519, or permissions
  // the rule of private_key_permissions.hpp refuses.
  static Ed25519PrivateKey load_pem_file(const std::filesystem::path& path);

  std::string to_pkcs8_pem() const;
  // Writes the PKCS#8 PEM atomically with mode 0600.
  void save_pem_file(const std::filesystem::path& path) const;

  std::string sign(std::string_view message) const;  // 64-byte signature
  std::string public_raw() const;                    // 32 bytes
  Ed25519PublicKey public_key() const { return Ed25519PublicKey::from_raw(public_raw()); }

 private:
  explicit Ed25519PrivateKey(EvpPkeyPtr key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace gradebox::records
