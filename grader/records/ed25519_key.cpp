// Owns Ed25519 key generation, PEM I/O with the permission rule, signing and verification.
#include "grader/records/ed25519_key.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <stdexcept>
#include <unordered_map>

#include "grader/records/file_io.hpp"
#include "grader/records/private_key_permissions.hpp"

namespace gradebox::records {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  ERR_clear_error();
  return buffer;
}

}  // namespace

Ed25519PublicKey Ed25519PublicKey::from_raw(std::string_view raw) {
  if (raw.size() != 32)
    throw std::invalid_argument("an Ed25519 public key is 32 bytes, got " +
                                std::to_string(raw.size()));
  EvpPkeyPtr key(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw.data()), raw.size()));
  if (!key) throw std::invalid_argument("invalid Ed25519 public key: " + openssl_error());
  return Ed25519PublicKey(std::move(key), std::string(raw));
}

bool Ed25519PublicKey::verify(std::string_view message, std::string_view signature) const {
  if (signature.size() != 64) return false;
  // EVP_DigestVerifyInit (algorithm fetch, key setup) costs about as much as a quarter of the
  // verify itself; an Ed25519 one-shot context can verify again and again, as `openssl speed`
  // does, so each thread keeps one initialised context per key. The context holds a reference
  // to the key, so a cached pointer can never be reused by another key.
  thread_local std::unordered_map<const EVP_PKEY*, MdCtxPtr> contexts;
  auto it = contexts.find(key_.get());
  if (it == contexts.end()) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1) {
      ERR_clear_error();
      return false;
    }
    it = contexts.emplace(key_.get(), std::move(ctx)).first;
  }
  const int rc = EVP_DigestVerify(
      it->second.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(message.data()), message.size());
  if (rc != 1) ERR_clear_error();
  return rc == 1;
}

Ed25519PrivateKey Ed25519PrivateKey::generate() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) throw std::runtime_error("Ed25519 key generation failed: " + openssl_error());
  return Ed25519PrivateKey(std::move(key));
}

Ed25519PrivateKey Ed25519PrivateKey::from_seed(std::string_view seed32) {
  if (seed32.size() != 32) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  EvpPkeyPtr key(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(seed32.data()), 32));
  if (!key) throw std::invalid_argument("invalid Ed25519 seed: " + openssl_error());
  return Ed25519PrivateKey(std::move(key));
}

Ed25519PrivateKey Ed25519PrivateKey::load_pem_file(const std::filesystem::path& path) {
  if (const auto problem = private_key_permission_problem(key_file_access(path), path))
    throw std::runtime_error(*problem);
  const std::string pem = read_file(path);
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key)
    throw std::runtime_error("cannot read a PKCS#8 PEM private key from " + path.string() + ": " +
                             openssl_error());
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    throw std::runtime_error("private key " + path.string() + " is not an Ed25519 key");
  }
  return Ed25519PrivateKey(std::move(key));
}

std::string Ed25519PrivateKey::to_pkcs8_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr,
                                            nullptr) != 1) {
    throw std::runtime_error("cannot encode the private key as PKCS#8 PEM: " + openssl_error());
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size_t(length));
}

void Ed25519PrivateKey::save_pem_file(const std::filesystem::path& path) const {
  write_file_atomically(path, to_pkcs8_pem(), 0600);
}

std::string Ed25519PrivateKey::sign(std::string_view message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    throw std::runtime_error("Ed25519 signing failed: " + openssl_error());
  }
  signature.resize(length);
  return signature;
}

std::string Ed25519PrivateKey::public_raw() const {
  std::string raw(32, '\0');
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()),
                                  &length) != 1) {
    throw std::runtime_error("cannot extract the Ed25519 public key: " + openssl_error());
  }
  raw.resize(length);
  return raw;
}

}  // namespace gradebox::records
